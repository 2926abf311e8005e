package server

import (
	"slices"
	"strings"

	"dossier"
	"dossier/claims"
)

// uiTopic is a topic key with its label for people: the pages show the
// label, with the key as its title (a tooltip).
type uiTopic struct{ Key, Label string }

// uiRoleTopics labels the OpenSanctions role and government topics that
// roles assign (the claims taxonomy labels the risk topics).
var uiRoleTopics = map[string]string{
	"role.pep": "Politically exposed person", "gov.head": "Head of state or government",
	"gov.executive": "Executive branch", "gov.legislative": "Legislature", "gov.judicial": "Judiciary",
	"gov.security": "Security services", "gov.financial": "Financial authority", "gov.soe": "State-owned enterprise",
	"gov.admin": "Civil service", "role.diplo": "Diplomat", "mil": "Military", "pol.party": "Political party",
	"role.journo": "Journalist", "role.lawyer": "Lawyer", "role.act": "Activist", "role.acct": "Accountant",
	"role.civil": "Civil servant", "role.rca": "Relative or close associate",
}

// topicOf labels a topic key; an unknown key is its own label.
func topicOf(key string) uiTopic {
	if t, ok := claims.TopicByKey(key); ok {
		return uiTopic{Key: key, Label: t.Label}
	}
	if l, ok := uiRoleTopics[key]; ok {
		return uiTopic{Key: key, Label: l}
	}
	return uiTopic{Key: key, Label: key}
}

// topicsOf labels keys, dropping repeats and empty keys.
func topicsOf(keys ...string) []uiTopic {
	var out []uiTopic
	seen := map[string]bool{}
	for _, k := range keys {
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, topicOf(k))
	}
	return out
}

// dedupClaims folds claims that say the same thing about the same
// subject: one sentence, one stance, one speaker. The pipeline may emit
// one claim per topic the sentence raises; a card shows one, with all
// their topics and IDs. Order is kept (the first of a group stands for
// it).
func dedupClaims(cs []uiClaim, src []dossier.Claim) []uiClaim {
	type key struct {
		subject, stance, speaker string
		start, end               int
	}
	at := map[key]int{}
	var out []uiClaim
	for i, c := range cs {
		k := key{subject: src[i].Subject, stance: c.Stance, start: src[i].Evidence.Start, end: src[i].Evidence.End}
		if c.Speaker != nil {
			k.speaker = c.Speaker.Name
		}
		if j, ok := at[k]; ok {
			o := &out[j]
			o.Also = append(o.Also, c.ID)
			o.AlsoAnchors = append(o.AlsoAnchors, c.Anchor)
			for _, t := range c.Labels {
				if !slices.ContainsFunc(o.Labels, func(u uiTopic) bool { return u.Key == t.Key }) {
					o.Labels = append(o.Labels, t)
				}
			}
			o.DeniedBy = append(o.DeniedBy, c.DeniedBy...)
			continue
		}
		at[k] = len(out)
		out = append(out, c)
	}
	return out
}

// sameSentence marks each claim whose evidence is the very sentence of
// an earlier claim in cs (one that dedupClaims kept apart: another
// stance or speaker): the page shows the sentence once, with the first,
// and the later claim points to it.
func sameSentence(cs []uiClaim) []uiClaim {
	first := map[[2]int]int{}
	for i := range cs {
		c := &cs[i]
		if c.evEnd <= c.evStart {
			continue
		}
		k := [2]int{c.evStart, c.evEnd}
		if j, ok := first[k]; ok {
			c.SameAs, c.SameAsHref = cs[j].ID, "#"+cs[j].Anchor
			continue
		}
		first[k] = i
	}
	return cs
}

// claimIDs is a folded claim's IDs for people: "c1" or "c1, c2".
func (c uiClaim) IDs() string {
	return strings.Join(append([]string{c.ID}, c.Also...), ", ")
}
