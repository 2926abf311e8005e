package dossier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// This file holds the types of the monitoring half of dossier: links
// between news entities and list entries, watched subjects, the alerts
// they raise, analysts' decisions on hits (an append-only, hash-chained
// audit log) and batch screening jobs. The link and monitor packages
// do the work; the sqlite package stores it.

// Explanation is how one feature (name, name_parts, birth_date,
// country, gender, schema) contributed to a score. It has the JSON
// shape of the name engine's explanations.
type Explanation struct {
	Score  float64 `json:"score"`
	Detail string  `json:"detail"`
}

// ListHit is one list entity that matched a screened subject. Its JSON
// is the shape of a screening result.
type ListHit struct {
	EntityID     string                 `json:"id"`
	Caption      string                 `json:"caption"`
	Schema       string                 `json:"schema"`
	Datasets     []string               `json:"datasets"`
	Score        float64                `json:"score"`
	Match        bool                   `json:"match"`
	MatchedName  string                 `json:"matched_name"`
	Explanations map[string]Explanation `json:"explanations"`
}

// Link ties a person or organization found in a document to a list
// entry: Cabello in an article ↔ SDN "CABELLO RONDON, Diosdado".
type Link struct {
	DocumentID    string `json:"document_id"`
	DocEntityID   string `json:"doc_entity_id"`   // e1, e2, … within the document
	DocEntityName string `json:"doc_entity_name"` // its canonical name
	DocEntityType string `json:"doc_entity_type"` // PER or ORG
	ListEntityID  string `json:"list_entity_id"`
	Caption       string `json:"caption"` // of the list entity
	Schema        string `json:"schema"`  // of the list entity
	Dataset       string `json:"dataset"`
	// ListVersion is the dataset's version current when the link was
	// made or last changed: a new list version that leaves the link as
	// it was does not rewrite it.
	ListVersion  string                 `json:"list_version"`
	Score        float64                `json:"score"`
	MatchedName  string                 `json:"matched_name"`
	Explanations map[string]Explanation `json:"explanations"`
	Linked       time.Time              `json:"linked"`
}

// LinkFilter selects links; nil fields are unset. Limit 0 means no
// limit.
type LinkFilter struct {
	DocumentID   *string
	DocEntityID  *string
	ListEntityID *string
	Dataset      *string
	MinScore     *float64
	Offset       int
	Limit        int
}

// LinkCounts says what replacing a document's links did.
type LinkCounts struct {
	Added     int `json:"added"`
	Changed   int `json:"changed"`
	Removed   int `json:"removed"`
	Unchanged int `json:"unchanged"`
}

// Add sums counts.
func (c *LinkCounts) Add(o LinkCounts) {
	c.Added += o.Added
	c.Changed += o.Changed
	c.Removed += o.Removed
	c.Unchanged += o.Unchanged
}

// LinkService stores links between document entities and list entities.
type LinkService interface {
	// ReplaceLinks makes links the links of document documentID, in one
	// transaction, writing only those that were added or changed (score,
	// explanations, caption, dataset) and deleting those that are gone.
	ReplaceLinks(ctx context.Context, documentID string, links []*Link) (LinkCounts, error)
	// FindLinks returns the links that pass the filter, best score
	// first, and how many pass it in all.
	FindLinks(ctx context.Context, f LinkFilter) ([]*Link, int, error)
}

// Watch is a subject a customer monitors: screened again whenever a
// list version or a document arrives.
type Watch struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Schema    string    `json:"schema"`               // Person, Organization, Company, …; "" for any
	BirthDate string    `json:"birth_date,omitempty"` // ISO prefix: 1960, 1960-04, 1960-04-01
	Country   string    `json:"country,omitempty"`    // ISO code or name
	Reference string    `json:"reference,omitempty"`  // the customer's own ID; unique when set
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
}

// WatchFilter selects watches; nil fields are unset. Limit 0 means no
// limit.
type WatchFilter struct {
	ID        *int64
	Reference *string
	Offset    int
	Limit     int
}

// WatchService stores watched subjects.
type WatchService interface {
	// CreateWatch stores w and sets its ID. A watch whose Reference is
	// already stored replaces that watch's fields, keeping its ID.
	CreateWatch(ctx context.Context, w *Watch) error
	// CreateWatches stores many watches as CreateWatch does, in one
	// transaction, and counts those created and those updated.
	CreateWatches(ctx context.Context, ws []*Watch) (created, updated int, err error)
	// FindWatchByID returns ErrNotFound when there is no such watch.
	FindWatchByID(ctx context.Context, id int64) (*Watch, error)
	// FindWatches returns watches in ID order and how many pass the
	// filter in all.
	FindWatches(ctx context.Context, f WatchFilter) ([]*Watch, int, error)
	// DeleteWatch removes a watch (its alerts stay, for the record).
	DeleteWatch(ctx context.Context, id int64) error
}

// Alert kinds.
const (
	AlertListHit = "list_hit" // a watched subject matches a list entity
	AlertNewsHit = "news_hit" // a watched subject is named in a document
)

// Alert changes: why an alert was raised.
const (
	AlertNew     = "new"     // a hit not seen before for this watch
	AlertChanged = "changed" // a hit seen before whose score or explanation changed
)

// Alert is a new or changed hit on a watched subject.
type Alert struct {
	ID        int64  `json:"id"`
	WatchID   int64  `json:"watch_id"`
	WatchName string `json:"watch_name"`
	Kind      string `json:"kind"`   // AlertListHit or AlertNewsHit
	Change    string `json:"change"` // AlertNew or AlertChanged
	// Target identifies the hit: the list entity ID of a list hit, or
	// "DOCUMENT-ID/ENTITY-ID" of a news hit (see HitTarget).
	Target       string                 `json:"target"`
	ListEntityID string                 `json:"list_entity_id,omitempty"`
	Dataset      string                 `json:"dataset,omitempty"`
	ListVersion  string                 `json:"list_version,omitempty"`
	DocumentID   string                 `json:"document_id,omitempty"`
	DocEntityID  string                 `json:"doc_entity_id,omitempty"`
	Caption      string                 `json:"caption"` // the list entity's caption or the document entity's name
	Schema       string                 `json:"schema,omitempty"`
	Score        float64                `json:"score"`
	MatchedName  string                 `json:"matched_name,omitempty"`
	Explanations map[string]Explanation `json:"explanations"`
	// Fingerprint is what makes two sightings of a hit "the same": an
	// alert is raised only when it differs from the last one stored for
	// the same watch and target.
	Fingerprint string    `json:"fingerprint"`
	Delivery    string    `json:"delivery,omitempty"` // "", DeliveryOK or DeliveryFailed: the webhook outcome
	Created     time.Time `json:"created"`
}

// HitTarget is the Target of a hit: the list entity ID, or for a news
// hit "DOCUMENT-ID/ENTITY-ID".
func HitTarget(listEntityID, documentID, docEntityID string) string {
	if listEntityID != "" {
		return listEntityID
	}
	return documentID + "/" + docEntityID
}

// AlertFilter selects alerts; nil fields are unset. Limit 0 means no
// limit.
type AlertFilter struct {
	WatchID *int64
	Kind    *string
	AfterID *int64 // only alerts with a greater ID: for polling
	// Delivery selects alerts by webhook outcome: "" for alerts not yet
	// delivered or failed, DeliveryOK, or DeliveryFailed.
	Delivery *string
	// Acknowledged selects alerts an analyst acknowledged (true) or not
	// yet (false).
	Acknowledged *bool
	Offset       int
	Limit        int
}

// Delivery outcomes.
const (
	DeliveryOK     = "delivered"
	DeliveryFailed = "failed" // every attempt failed
	DeliveryRetry  = "retry"  // this attempt failed; another follows
)

// Delivery is one attempt to send an alert to a webhook.
type Delivery struct {
	ID         int64     `json:"id"`
	AlertID    int64     `json:"alert_id"`
	URL        string    `json:"url"`
	Attempt    int       `json:"attempt"` // 1-based
	Status     string    `json:"status"`  // DeliveryOK, DeliveryRetry or DeliveryFailed
	HTTPStatus int       `json:"http_status,omitempty"`
	Error      string    `json:"error,omitempty"`
	Created    time.Time `json:"created"`
}

// AlertService stores alerts and their webhook deliveries.
type AlertService interface {
	// CreateAlert stores a, setting its ID and Created, unless the last
	// alert stored for the same watch, kind and target has the same
	// Fingerprint; it reports whether a was stored. Check and insert
	// are one transaction.
	CreateAlert(ctx context.Context, a *Alert) (created bool, err error)
	// DeleteHits forgets the hits of a watch and kind whose targets are
	// not in keep, so that a hit that went away and comes back alerts
	// again. Stored alerts are kept. It returns how many it forgot.
	DeleteHits(ctx context.Context, watchID int64, kind string, keep []string) (int, error)
	// FindAlertByID returns ErrNotFound when there is no such alert.
	FindAlertByID(ctx context.Context, id int64) (*Alert, error)
	// FindAlerts returns alerts newest first and how many pass the
	// filter in all.
	FindAlerts(ctx context.Context, f AlertFilter) ([]*Alert, int, error)
	// CreateDelivery records a delivery attempt and, for DeliveryOK and
	// DeliveryFailed, the alert's Delivery status.
	CreateDelivery(ctx context.Context, d *Delivery) error
	// FindDeliveries returns an alert's delivery attempts in order.
	FindDeliveries(ctx context.Context, alertID int64) ([]*Delivery, error)
}

// Verdicts an analyst gives a hit.
const (
	VerdictMatch         = "match"
	VerdictFalsePositive = "false_positive"
	VerdictNeedsReview   = "needs_review"
)

// ValidVerdict reports whether v is one of the Verdict constants.
func ValidVerdict(v string) bool {
	return v == VerdictMatch || v == VerdictFalsePositive || v == VerdictNeedsReview
}

// Decision is an analyst's verdict on a hit: a subject (a watch, or an
// ad-hoc screened subject) against a list entity or a document entity.
// Decisions form an append-only audit log; the latest decision on a
// (SubjectKey, Target) pair is the effective one.
type Decision struct {
	ID int64 `json:"id"` // position in the log, from 1
	// SubjectKey names the subject: "watch:ID" for a watch, else the
	// normalized name and birth date (monitor.SubjectKey makes it).
	SubjectKey   string    `json:"subject_key"`
	WatchID      int64     `json:"watch_id,omitempty"`
	SubjectName  string    `json:"subject_name"`
	ListEntityID string    `json:"list_entity_id,omitempty"` // a list hit …
	DocumentID   string    `json:"document_id,omitempty"`    // … or a news hit
	DocEntityID  string    `json:"doc_entity_id,omitempty"`
	Verdict      string    `json:"verdict"` // one of the Verdict constants
	Author       string    `json:"author"`  // who decided
	Note         string    `json:"note,omitempty"`
	Created      time.Time `json:"created"`
	// PrevHash is the Hash of the previous decision ("" for the first);
	// Hash is ChainHash(PrevHash, d).
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
	// MAC is the hex HMAC-SHA256, under a key kept outside the database,
	// of the previous decision's MAC (its Hash if it has none, "" for the
	// first) followed by DecisionContent(d). Decisions logged before MACs
	// existed have none.
	MAC string `json:"mac,omitempty"`
}

// Checkpoint is a signed statement of the decision log's length and head,
// modelled on Certificate Transparency's signed tree heads: after Count
// decisions the chain's head was Head (the MAC of decision Count, or its
// Hash if it has none) at Time. Signature is the base64 ed25519 signature
// of CheckpointMessage by the key whose ID (the first 16 hex digits of
// the SHA-256 of the public key) is KeyID.
type Checkpoint struct {
	Count     int64     `json:"count"`
	Head      string    `json:"head"`
	Time      time.Time `json:"time"`
	KeyID     string    `json:"key_id"`
	Signature string    `json:"signature"`
}

// CheckpointMessage is the bytes a checkpoint's signature covers: a
// version line, then the count, head and time (RFC 3339, nanoseconds,
// UTC), each on its own line.
func CheckpointMessage(count int64, head string, t time.Time) []byte {
	return fmt.Appendf(nil, "dossier decision checkpoint v1\n%d\n%s\n%s\n", count, head, t.UTC().Format(time.RFC3339Nano))
}

// Target is the hit the decision is about (see HitTarget).
func (d *Decision) Target() string {
	return HitTarget(d.ListEntityID, d.DocumentID, d.DocEntityID)
}

// Validate checks the fields a decision needs.
func (d *Decision) Validate() error {
	switch {
	case d.SubjectKey == "":
		return fmt.Errorf("decision: subject required: %w", ErrInvalid)
	case d.ListEntityID == "" && (d.DocumentID == "" || d.DocEntityID == ""):
		return fmt.Errorf("decision: a list entity ID, or a document ID and document entity ID, required: %w", ErrInvalid)
	case d.ListEntityID != "" && d.DocumentID != "":
		return fmt.Errorf("decision: a list entity or a document entity, not both: %w", ErrInvalid)
	case !ValidVerdict(d.Verdict):
		return fmt.Errorf("decision: verdict %q: want match, false_positive or needs_review: %w", d.Verdict, ErrInvalid)
	case d.Author == "":
		return fmt.Errorf("decision: author required: %w", ErrInvalid)
	}
	return nil
}

// ChainHash returns the audit-log hash of d: hex SHA-256 of the previous
// hash followed by d's content (every field but Hash and PrevHash, in a
// fixed JSON encoding with Created in RFC 3339 nanoseconds, UTC). Any
// change to a stored decision, or to the order of the log, breaks the
// chain from there on.
func ChainHash(prev string, d *Decision) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write(DecisionContent(d))
	return hex.EncodeToString(h.Sum(nil))
}

// DecisionContent is the canonical encoding of d that its hash and MAC
// cover: every field but PrevHash, Hash and MAC, as JSON in a fixed field
// order with Created in RFC 3339 nanoseconds, UTC.
func DecisionContent(d *Decision) []byte {
	content, _ := json.Marshal(struct {
		ID           int64  `json:"id"`
		SubjectKey   string `json:"subject_key"`
		WatchID      int64  `json:"watch_id"`
		SubjectName  string `json:"subject_name"`
		ListEntityID string `json:"list_entity_id"`
		DocumentID   string `json:"document_id"`
		DocEntityID  string `json:"doc_entity_id"`
		Verdict      string `json:"verdict"`
		Author       string `json:"author"`
		Note         string `json:"note"`
		Created      string `json:"created"`
	}{d.ID, d.SubjectKey, d.WatchID, d.SubjectName, d.ListEntityID, d.DocumentID, d.DocEntityID,
		d.Verdict, d.Author, d.Note, d.Created.UTC().Format(time.RFC3339Nano)})
	return content
}

// DecisionFilter selects decisions; nil fields are unset. Limit 0 means
// no limit.
type DecisionFilter struct {
	SubjectKey   *string
	WatchID      *int64
	ListEntityID *string
	DocumentID   *string
	Verdict      *string
	Offset       int
	Limit        int
}

// ChainError reports the first decision at which the audit log's hash
// chain breaks, or (ID 0) a problem with its checkpoints.
type ChainError struct {
	ID     int64 // the decision's ID, 0 when the problem is not one decision
	Reason string
}

func (e *ChainError) Error() string {
	if e.ID == 0 {
		return "audit log: " + e.Reason
	}
	return fmt.Sprintf("audit log: decision %d: %s", e.ID, e.Reason)
}

// DecisionService keeps the append-only audit log of decisions. It has
// no update or delete.
type DecisionService interface {
	// CreateDecision appends d to the log, setting ID, Created (if
	// zero), PrevHash and Hash, in one transaction.
	CreateDecision(ctx context.Context, d *Decision) error
	// FindDecisionByID returns ErrNotFound when there is no such decision.
	FindDecisionByID(ctx context.Context, id int64) (*Decision, error)
	// FindDecisions returns decisions in log order and how many pass the
	// filter in all.
	FindDecisions(ctx context.Context, f DecisionFilter) ([]*Decision, int, error)
	// FindEffectiveDecisions returns the latest decision on each target
	// of a subject, by target.
	FindEffectiveDecisions(ctx context.Context, subjectKey string) (map[string]*Decision, error)
	// FindSuppressed returns the targets (list entity IDs, and
	// "DOCUMENT-ID/ENTITY-ID" for news hits) whose effective decision
	// for the subject is false_positive: hits to leave out of screens
	// and alerts for that subject.
	FindSuppressed(ctx context.Context, subjectKey string) (map[string]bool, error)
	// VerifyDecisions recomputes the hash chain (and any MAC chain) over
	// the whole log, checks it against the log's signed checkpoints if
	// it keeps them, and returns how many decisions it checked, or a
	// *ChainError at the first problem.
	VerifyDecisions(ctx context.Context) (int, error)
}

// Job kinds.
const (
	JobScreenBatch = "screen_batch" // screen each row of a CSV of subjects
	// JobScreenRows screens rows published to the work queue: workers
	// answer them one by one, and the job is done when every row is.
	JobScreenRows = "screen_rows"
)

// Job states.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is a long-running piece of work, such as screening a customer
// file, whose results are stored row by row with its progress so that
// it resumes where it stopped after a crash.
type Job struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"` // JobScreenBatch or JobScreenRows
	// Input is the CSV text when the job carries its input; else
	// InputPath names a file read when the job runs.
	Input     string    `json:"-"`
	InputPath string    `json:"input_path,omitempty"`
	InputName string    `json:"input_name"` // for error messages: the file name, or "upload"
	Threshold float64   `json:"threshold,omitempty"`
	Limit     int       `json:"limit,omitempty"` // hits per row; 0 means 10
	State     string    `json:"state"`
	Done      int       `json:"done"`  // rows with stored results
	Total     int       `json:"total"` // rows in the input, once known
	Error     string    `json:"error,omitempty"`
	Created   time.Time `json:"created"`
	Started   time.Time `json:"started,omitzero"`
	Finished  time.Time `json:"finished,omitzero"`
}

// JobFilter selects jobs; nil fields are unset. Limit 0 means no limit.
type JobFilter struct {
	State  *string
	Kind   *string
	Offset int
	Limit  int
}

// JobUpdate changes a job; nil fields are left as they are.
type JobUpdate struct {
	State    *string
	Total    *int
	Error    *string
	Started  *time.Time
	Finished *time.Time
}

// JobResult is the outcome of one input row of a job.
type JobResult struct {
	JobID     int64     `json:"job_id"`
	Row       int       `json:"row"`          // 1-based data row (the header is row 0)
	Line      int       `json:"line"`         // line of the input file where the row starts
	Reference string    `json:"id,omitempty"` // the row's id column
	Query     string    `json:"query"`
	Error     string    `json:"error,omitempty"`
	Hits      []ListHit `json:"results"`
	// Suppressed counts hits left out because an analyst decided they
	// are false positives for this subject.
	Suppressed int `json:"suppressed,omitempty"`
}

// JobService stores jobs and their results.
type JobService interface {
	// CreateJob stores j as queued and sets its ID and Created.
	CreateJob(ctx context.Context, j *Job) error
	// FindJobByID returns ErrNotFound when there is no such job.
	FindJobByID(ctx context.Context, id int64) (*Job, error)
	// FindJobs returns jobs in ID order and how many pass the filter.
	FindJobs(ctx context.Context, f JobFilter) ([]*Job, int, error)
	// UpdateJob applies upd and returns the job as it now is.
	UpdateJob(ctx context.Context, id int64, upd JobUpdate) (*Job, error)
	// CreateJobResult stores a row's result and counts it in the job's
	// progress, in one transaction; a row stored already is left as it
	// is and reported as not created, so a resumed job never stores a
	// row twice.
	CreateJobResult(ctx context.Context, r *JobResult) (created bool, err error)
	// FindJobResults returns a job's results in row order, from the
	// first row after afterRow, at most limit (0: all).
	FindJobResults(ctx context.Context, jobID int64, afterRow, limit int) ([]*JobResult, error)
}

// AlertAck is an analyst's acknowledgement of an alert: seen and dealt
// with. An alert is acknowledged once; the first acknowledgement stands.
type AlertAck struct {
	AlertID int64     `json:"alert_id"`
	Author  string    `json:"author"`
	Note    string    `json:"note,omitempty"`
	Created time.Time `json:"created"`
}

// AlertAckService records acknowledgements of alerts.
type AlertAckService interface {
	// AcknowledgeAlert stores a, setting Created, unless the alert is
	// acknowledged already: then it returns the stored acknowledgement
	// and false. ErrNotFound when there is no such alert.
	AcknowledgeAlert(ctx context.Context, a *AlertAck) (*AlertAck, bool, error)
	// FindAlertAcks returns the acknowledgements of the given alerts,
	// by alert ID; alerts not acknowledged are absent.
	FindAlertAcks(ctx context.Context, alertIDs []int64) (map[int64]*AlertAck, error)
}
