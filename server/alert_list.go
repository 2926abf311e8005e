package server

import (
	"net/http"
	"strconv"
	"strings"

	"dossier"
)

// alertsResponse is a page of alerts, newest first.
type alertsResponse struct {
	Alerts []*dossier.Alert `json:"alerts"`
	Total  int              `json:"total"`
	Limit  int              `json:"limit"`
	Offset int              `json:"offset"`
}

// alertResponse is one alert with its webhook deliveries.
type alertResponse struct {
	Alert      *dossier.Alert      `json:"alert"`
	Deliveries []*dossier.Delivery `json:"deliveries"`
}

func (s *Server) alertService() (dossier.AlertService, error) {
	if s.Monitor == nil || s.Monitor.Alerts == nil {
		return nil, Errorf(CodeNotFound, "alerts are not enabled on this server")
	}
	return s.Monitor.Alerts, nil
}

// handleAlertList is GET /alerts: alerts newest first, filtered by
// watch_id, kind (list_hit, news_hit), after_id (for polling: only newer
// alerts) and delivery (pending, delivered, failed).
func (s *Server) handleAlertList(w http.ResponseWriter, r *http.Request) error {
	as, err := s.alertService()
	if err != nil {
		return err
	}
	offset, limit, err := page(r)
	if err != nil {
		return err
	}
	f := dossier.AlertFilter{Offset: offset, Limit: limit}
	q := r.URL.Query()
	for _, p := range []struct {
		name string
		dst  **int64
	}{{"watch_id", &f.WatchID}, {"after_id", &f.AfterID}} {
		if v := strings.TrimSpace(q.Get(p.name)); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return Errorf(CodeInvalid, "query parameter %s=%q: want a non-negative integer", p.name, truncate(v, 32))
			}
			*p.dst = &n
		}
	}
	if k := q.Get("kind"); k != "" {
		if k != dossier.AlertListHit && k != dossier.AlertNewsHit {
			return Errorf(CodeInvalid, "query parameter kind=%q: want list_hit or news_hit", truncate(k, 32))
		}
		f.Kind = &k
	}
	switch d := q.Get("delivery"); d {
	case "":
	case "pending":
		empty := ""
		f.Delivery = &empty
	case dossier.DeliveryOK, dossier.DeliveryFailed:
		f.Delivery = &d
	default:
		return Errorf(CodeInvalid, "query parameter delivery=%q: want pending, delivered or failed", truncate(d, 32))
	}
	list, total, err := as.FindAlerts(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, alertsResponse{Alerts: nonNil(list), Total: total, Limit: limit, Offset: offset})
	return nil
}

// handleAlertShow is GET /alerts/{id}.
func (s *Server) handleAlertShow(w http.ResponseWriter, r *http.Request) error {
	as, err := s.alertService()
	if err != nil {
		return err
	}
	id, err := idParam(r, "alert")
	if err != nil {
		return err
	}
	a, err := as.FindAlertByID(r.Context(), id)
	if err != nil {
		return err
	}
	ds, err := as.FindDeliveries(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, alertResponse{Alert: a, Deliveries: nonNil(ds)})
	return nil
}
