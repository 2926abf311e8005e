package server

import "dossier"

// opsRoutes: probes, metrics and the API description, open to all.
func (s *Server) opsRoutes() []route {
	return []route{
		{method: "GET", path: "/healthz", quiet: true, handle: s.handleHealth},
		{method: "GET", path: "/readyz", quiet: true, handle: s.handleReady},
		{method: "GET", path: "/metrics", quiet: true, handle: s.handleMetrics},
		{method: "GET", path: "/openapi.json", handle: s.handleOpenAPI},
	}
}

// yenteRoutes: the subset of yente's API that its clients use, with
// yente's request and response shapes.
func (s *Server) yenteRoutes() []route {
	return []route{
		{method: "POST", path: "/match/{dataset}", scope: dossier.ScopeRead, handle: s.handleMatch},
		{method: "GET", path: "/search/{dataset}", scope: dossier.ScopeRead, handle: s.handleSearch},
		{method: "GET", path: "/entities/{id}", scope: dossier.ScopeRead, handle: s.handleEntity},
		{method: "GET", path: "/entities/{id}/adjacent", scope: dossier.ScopeRead, handle: s.handleAdjacent},
		{method: "GET", path: "/entities/{id}/adjacent/{property}", scope: dossier.ScopeRead, handle: s.handleAdjacentProperty},
		{method: "GET", path: "/catalog", scope: dossier.ScopeRead, handle: s.handleCatalog},
		{method: "GET", path: "/manifest", scope: dossier.ScopeRead, handle: s.handleCatalog},
		{method: "GET", path: "/algorithms", scope: dossier.ScopeRead, handle: s.handleAlgorithms},
		{method: "GET", path: "/reconcile", scope: dossier.ScopeRead, queryToken: true, handle: s.handleReconcileManifest},
		{method: "POST", path: "/reconcile", scope: dossier.ScopeRead, queryToken: true, handle: s.handleReconcile},
		{method: "GET", path: "/reconcile/{dataset}", scope: dossier.ScopeRead, queryToken: true, handle: s.handleReconcileManifest},
		{method: "POST", path: "/reconcile/{dataset}", scope: dossier.ScopeRead, queryToken: true, handle: s.handleReconcile},
		{method: "GET", path: "/reconcile/{dataset}/suggest/entity", scope: dossier.ScopeRead, queryToken: true, handle: s.handleReconcileSuggestEntity},
		{method: "GET", path: "/reconcile/{dataset}/suggest/type", scope: dossier.ScopeRead, queryToken: true, handle: s.handleReconcileSuggestType},
		{method: "GET", path: "/reconcile/{dataset}/suggest/property", scope: dossier.ScopeRead, queryToken: true, handle: s.handleReconcileSuggestProperty},
	}
}

// dossierRoutes: screening with adverse media, documents, dossiers and
// list loads.
func (s *Server) dossierRoutes() []route {
	return []route{
		{method: "POST", path: "/screen", scope: dossier.ScopeRead, handle: s.handleScreen},
		{method: "POST", path: "/documents", scope: dossier.ScopeWrite, maxBody: s.MaxDocumentBody, slow: true, handle: s.handleDocumentCreate},
		{method: "GET", path: "/documents/{id}", scope: dossier.ScopeRead, handle: s.handleDocumentShow},
		{method: "GET", path: "/entities/{id}/dossier", scope: dossier.ScopeRead, handle: s.handleDossier},
		{method: "GET", path: "/lists", scope: dossier.ScopeRead, handle: s.handleListIndex},
		{method: "POST", path: "/lists", scope: dossier.ScopeWrite, maxBody: s.MaxListBody, slow: true, handle: s.handleListLoad},
		{method: "POST", path: "/lists/{dataset}/rollback", scope: dossier.ScopeWrite, handle: s.handleListRollback},
		{method: "GET", path: "/export.ftm.jsonl", scope: dossier.ScopeRead, slow: true, handle: s.handleExport},
	}
}

// monitorRoutes: watched subjects, their alerts, analysts' decisions
// (the audit log) and batch screening jobs.
func (s *Server) monitorRoutes() []route {
	return []route{
		{method: "GET", path: "/watches", scope: dossier.ScopeRead, handle: s.handleWatchList},
		{method: "POST", path: "/watches", scope: dossier.ScopeWrite, handle: s.handleWatchCreate},
		{method: "POST", path: "/watches/import", scope: dossier.ScopeWrite, maxBody: s.MaxDocumentBody, slow: true, handle: s.handleWatchImport},
		{method: "GET", path: "/watches/{id}", scope: dossier.ScopeRead, handle: s.handleWatchShow},
		{method: "DELETE", path: "/watches/{id}", scope: dossier.ScopeWrite, handle: s.handleWatchDelete},
		{method: "GET", path: "/alerts", scope: dossier.ScopeRead, handle: s.handleAlertList},
		{method: "GET", path: "/alerts/{id}", scope: dossier.ScopeRead, handle: s.handleAlertShow},
		{method: "GET", path: "/decisions", scope: dossier.ScopeRead, handle: s.handleDecisionList},
		{method: "POST", path: "/decisions", scope: dossier.ScopeWrite, handle: s.handleDecisionCreate},
		{method: "GET", path: "/decisions/verify", scope: dossier.ScopeRead, handle: s.handleDecisionVerify},
		{method: "GET", path: "/decisions/{id}", scope: dossier.ScopeRead, handle: s.handleDecisionShow},
		{method: "GET", path: "/jobs", scope: dossier.ScopeRead, handle: s.handleJobList},
		{method: "POST", path: "/jobs", scope: dossier.ScopeWrite, maxBody: s.MaxDocumentBody, slow: true, handle: s.handleJobCreate},
		{method: "GET", path: "/jobs/{id}", scope: dossier.ScopeRead, handle: s.handleJobShow},
		{method: "GET", path: "/jobs/{id}/results", scope: dossier.ScopeRead, handle: s.handleJobResults},
	}
}
