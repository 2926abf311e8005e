package names

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The scorer's constants. Their values come from params.json, which
// `dossier train names` writes by fitting them on pairs drawn from the
// sanctions lists themselves (see Fit); the values below are the
// hand-set starting point of that fit.
var (
	minAccept      = 0.60 // a part pairing below this is no pairing
	conflictFactor = 1.5  // weight of a word left over on both sides
	extraPerson    = 0.25 // weight of a word only one person name has
	extraOrg       = 0.5  // weight of a word only one organization name has
	duplicateExtra = 0.2  // an extra word repeating a matched one
	extraOptional  = 0.1  // weight of a middle name or patronymic only one person name has
	extraGiven     = 0.25 // weight of a first given name ("Family, Given") only one person name has
	extraSyllable  = 1.0  // weight of a Han character or Hangul syllable only one name has

	simVariant  = 0.95 // spelling variants of one name (Mohammed/Muhammad)
	simCanon    = 0.95 // same canonical spelling (Sergey/Sergei)
	simNick     = 0.85 // nicknames (Bill/William)
	simPhonetic = 0.80 // same phonetic key, spelling too far apart for edits
	simSkeleton = 0.85 // same consonants, one side from an abjad
	simInitial  = 0.70 // an initial against a name with that first letter
	simAcronym  = 0.80 // an acronym against the words it abbreviates
	simLegalMis = 0.60 // two legal forms of different classes
	simLegalCo  = 0.90 // "Company" against a specific legal form
	simInserted = 0.85 // factor: one word is the other plus a syllable

	weightFamily     = 1.1  // part weights by kind, before rarity
	weightPatronymic = 0.6  //
	weightParticle   = 0.15 //
	weightInitial    = 0.35 //
	weightLegal      = 0.3  //
	weightGeneric    = 0.5  //
	weightLocation   = 0.6  //
	weightStop       = 0.1  //

	penaltyPatronymic  = 0.5  // factor: a patronymic against a given name, both names having patronymics
	penaltyGivenFamily = 0.85 // factor: a given name against a family name
)

// param is one fitted constant: its name in params.json, the variable,
// and the range the fit may move it in.
type param struct {
	name   string
	v      *float64
	lo, hi float64
}

// params lists the fitted constants. The ranges keep each one where it
// keeps its meaning (a similarity below 1, a factor above 0).
var params = []param{
	{"min_accept", &minAccept, 0.5, 0.75},
	{"conflict_factor", &conflictFactor, 0.8, 2.5},
	{"extra_person", &extraPerson, 0.1, 0.5},
	{"extra_org", &extraOrg, 0.2, 0.8},
	{"duplicate_extra", &duplicateExtra, 0.05, 0.5},
	{"extra_optional", &extraOptional, 0.02, 0.25},
	{"extra_given", &extraGiven, 0.1, 0.8},
	{"extra_syllable", &extraSyllable, 0.25, 1.5},
	{"sim_variant", &simVariant, 0.85, 1},
	{"sim_canon", &simCanon, 0.85, 1},
	{"sim_nick", &simNick, 0.7, 0.95},
	{"sim_phonetic", &simPhonetic, 0.65, 0.9},
	{"sim_skeleton", &simSkeleton, 0.7, 0.95},
	{"sim_initial", &simInitial, 0.6, 0.85},
	{"sim_acronym", &simAcronym, 0.65, 0.95},
	{"sim_legal_mismatch", &simLegalMis, 0.5, 0.9},
	{"sim_legal_company", &simLegalCo, 0.7, 1},
	{"sim_inserted", &simInserted, 0.6, 1},
	{"weight_family", &weightFamily, 0.8, 1.5},
	{"weight_patronymic", &weightPatronymic, 0.3, 1},
	{"weight_particle", &weightParticle, 0.05, 0.4},
	{"weight_initial", &weightInitial, 0.15, 0.6},
	{"weight_legal", &weightLegal, 0.1, 0.6},
	{"weight_generic", &weightGeneric, 0.2, 0.9},
	{"weight_location", &weightLocation, 0.2, 0.9},
	{"weight_stop", &weightStop, 0.02, 0.3},
	{"penalty_patronymic", &penaltyPatronymic, 0.3, 0.9},
	{"penalty_given_family", &penaltyGivenFamily, 0.6, 1},
}

//go:embed params.json
var paramsJSON []byte

func init() {
	if err := SetParams(paramsJSON); err != nil {
		panic("names: embedded params.json: " + err.Error()) // a build defect, caught by every test
	}
}

// Params returns the scorer's constants as params.json writes them.
func Params() []byte {
	m := map[string]float64{}
	for _, p := range params {
		m[p.name] = *p.v
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

// SetParams sets the scorer's constants from a params.json document: an
// object naming every constant once, each within its range. It is meant
// for start-up and for the fit: names parsed before a change keep the
// weights they were parsed with, so parse again after calling it.
func SetParams(doc []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(doc, &m); err != nil {
		return fmt.Errorf("names: params: %w", err)
	}
	var unknown []string
	for k := range m {
		if !slices.ContainsFunc(params, func(p param) bool { return p.name == k }) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("names: params: unknown %s", strings.Join(unknown, ", "))
	}
	for _, p := range params {
		v, ok := m[p.name]
		switch {
		case !ok:
			return fmt.Errorf("names: params: %s missing", p.name)
		case math.IsNaN(v) || v < p.lo || v > p.hi:
			return fmt.Errorf("names: params: %s = %g, want a value in [%g, %g]", p.name, v, p.lo, p.hi)
		}
	}
	for _, p := range params {
		*p.v = m[p.name]
	}
	return nil
}
