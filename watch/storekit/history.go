package storekit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/armband/armband/watch"
)

// An incident's history is a hash chain: link 0 is the incident as
// created, link n its n-th event. Each link's hash is the SHA-256 of a
// fixed, versioned encoding of the previous link's hash, the ids, types,
// instants and flags of the link, and the SHA-256 of any free text (not
// the text itself), so free text can be blanked on erasure without
// breaking the chain, while any other change to a stored link breaks it.

// HistoryVersion names the encoding of the chain.
const HistoryVersion = "armband/history/v1"

// TextHash returns the SHA-256 of a free text in hex, or "" for no text.
func TextHash(s string) string {
	if s == "" {
		return ""
	}
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// chainHasher writes length-prefixed fields, so that no two different
// sequences of fields encode alike.
type chainHasher struct{ buf []byte }

func (c *chainHasher) field(s string) {
	c.buf = binary.AppendUvarint(c.buf, uint64(len(s)))
	c.buf = append(c.buf, s...)
}

func (c *chainHasher) instant(t time.Time) {
	if t.IsZero() {
		c.field("")
		return
	}
	c.field(strconv.FormatInt(t.UnixMicro(), 10))
}

func (c *chainHasher) sum() string {
	h := sha256.Sum256(c.buf)
	return hex.EncodeToString(h[:])
}

// CreationHash is the hash of link 0: the incident as created (its events
// left out), with descriptionHash the TextHash of its description as it
// was created.
func CreationHash(inc watch.Incident, descriptionHash string) string {
	c := &chainHasher{}
	c.field(HistoryVersion)
	c.field("incident")
	c.field(inc.Program)
	c.field(inc.ID)
	c.field(string(inc.Kind))
	c.field(inc.Severity.String())
	c.instant(inc.OccurredAt)
	c.instant(inc.ReportedAt)
	c.field(inc.Beat)
	c.field(inc.ContactPoint)
	c.field(inc.ReportedBy)
	c.field(strconv.FormatBool(inc.PoliceCase))
	c.field(strconv.Itoa(len(inc.Tags)))
	for _, t := range inc.Tags {
		c.field(t)
	}
	c.field(descriptionHash)
	return c.sum()
}

// EventHash is the hash of link seq (1 for the first event): the event,
// with textHash the TextHash of its text as appended, chained to prev.
func EventHash(prev, program, incident string, seq int, e watch.Event, textHash string) string {
	c := &chainHasher{}
	c.field(HistoryVersion)
	c.field("event")
	c.field(prev)
	c.field(program)
	c.field(incident)
	c.field(strconv.Itoa(seq))
	c.field(string(e.Type))
	c.instant(e.At)
	c.field(e.By)
	c.field(textHash)
	return c.sum()
}

// StoredEvent is an event with its link in the chain, as a store keeps it.
type StoredEvent struct {
	Seq      int
	Event    watch.Event
	TextHash string
	Prev     string
	Hash     string
}

// History is an incident's chain as a store keeps it: link 0, the hash of
// the description as created, and the events.
type History struct {
	CreationHash    string
	DescriptionHash string
	Events          []StoredEvent
}

// NewHistory starts the chain of a new incident (its events are appended
// after, with Append).
func NewHistory(inc watch.Incident) History { return NewHistoryWith(inc, TextHash(inc.Description)) }

// NewHistoryWith is NewHistory with the description's hash given: for an
// incident imported with its text hashes (watch.HistoryImporter), whose
// description was erased before.
func NewHistoryWith(inc watch.Incident, descriptionHash string) History {
	return History{CreationHash: CreationHash(inc, descriptionHash), DescriptionHash: descriptionHash}
}

// Head returns the hash of the last link.
func (h History) Head() string {
	if n := len(h.Events); n > 0 {
		return h.Events[n-1].Hash
	}
	return h.CreationHash
}

// Append chains an event to the history and returns the stored event.
func (h *History) Append(program, incident string, e watch.Event) StoredEvent {
	return h.AppendWith(program, incident, e, TextHash(e.Text))
}

// AppendWith is Append with the text's hash given (see NewHistoryWith).
func (h *History) AppendWith(program, incident string, e watch.Event, textHash string) StoredEvent {
	seq := len(h.Events) + 1
	se := StoredEvent{Seq: seq, Event: e, TextHash: textHash, Prev: h.Head(), Hash: EventHash(h.Head(), program, incident, seq, e, textHash)}
	h.Events = append(h.Events, se)
	return se
}

// Verify checks the chain against the incident as stored (inc, with its
// events and with any text blanked by erasure), not against the chain's
// own copy of the events: link 0 is rehashed from inc, link n from
// inc.Events[n-1]. A link breaks when its recomputed hash differs from the
// stored one, when it does not point at the link before, when a text that
// was not blanked no longer has the hash it was stored with, or when the
// incident has a different number of events than the chain has links.
func (h History) Verify(inc watch.Incident) watch.Verification {
	v := watch.Verification{Intact: true, FirstBroken: -1, Head: h.Head(), Links: 1 + len(h.Events), TextHashes: h.TextHashes()}
	fail := func(link int) watch.Verification {
		v.Intact, v.FirstBroken = false, link
		return v
	}
	if (inc.Description != "" && TextHash(inc.Description) != h.DescriptionHash) || CreationHash(inc, h.DescriptionHash) != h.CreationHash {
		return fail(0)
	}
	prev := h.CreationHash
	for i, se := range h.Events {
		if i >= len(inc.Events) {
			return fail(i + 1)
		}
		e := inc.Events[i]
		switch {
		case se.Seq != i+1 || se.Prev != prev:
			return fail(i + 1)
		case e.Text != "" && TextHash(e.Text) != se.TextHash:
			return fail(i + 1)
		case EventHash(prev, inc.Program, inc.ID, se.Seq, e, se.TextHash) != se.Hash:
			return fail(i + 1)
		}
		prev = se.Hash
	}
	if len(inc.Events) > len(h.Events) {
		return fail(len(h.Events) + 1)
	}
	return v
}

// TextHashes returns the hash of each link's text as stored: [0] the
// description's, [n] the n-th event's ("" for a link without text).
func (h History) TextHashes() []string {
	out := make([]string, 0, 1+len(h.Events))
	out = append(out, h.DescriptionHash)
	for _, se := range h.Events {
		out = append(out, se.TextHash)
	}
	return out
}

// TextHashesOf returns the hash of each of an incident's texts as they
// are: [0] the description's, [n] the n-th event's.
func TextHashesOf(inc watch.Incident) []string {
	out := make([]string, 0, 1+len(inc.Events))
	out = append(out, TextHash(inc.Description))
	for _, e := range inc.Events {
		out = append(out, TextHash(e.Text))
	}
	return out
}

// LinkHashes returns the text hashes the links of a new incident take:
// its texts' own (TextHashesOf) when imported is nil, else imported, once
// CheckImportHashes has passed them.
func LinkHashes(inc watch.Incident, imported []string, erased func(volunteer string) (bool, error)) ([]string, error) {
	if imported == nil {
		return TextHashesOf(inc), nil
	}
	if err := CheckImportHashes(inc, imported, erased); err != nil {
		return nil, err
	}
	return imported, nil
}

// CheckImportHashes checks the text hashes an incident is imported with
// (watch.HistoryImporter): one per link; a link with text must have its
// text's own hash; a link without text has "" (it never had text) or the
// 64 hex digits of the text it had, when its author (the reporter for the
// description, the event's By) is erased in the importing store.
func CheckImportHashes(inc watch.Incident, hashes []string, erased func(volunteer string) (bool, error)) error {
	if len(hashes) != 1+len(inc.Events) {
		return &watch.FieldError{Path: "text_hashes", Value: strconv.Itoa(len(hashes)),
			Reason: "must have one hash for each link: " + strconv.Itoa(1+len(inc.Events))}
	}
	for i, h := range hashes {
		text, author := inc.Description, inc.ReportedBy
		if i > 0 {
			text, author = inc.Events[i-1].Text, inc.Events[i-1].By
		}
		path := "text_hashes[" + strconv.Itoa(i) + "]"
		switch {
		case text != "":
			if h != TextHash(text) {
				return &watch.FieldError{Path: path, Value: strconv.Quote(h), Reason: "is not the hash of the link's text"}
			}
		case h == "":
		case !isHash(h):
			return &watch.FieldError{Path: path, Value: strconv.Quote(h), Reason: "is not a SHA-256 in lower-case hex"}
		default:
			gone, err := erased(author)
			if err != nil {
				return err
			}
			if !gone {
				return &watch.FieldError{Path: path, Value: strconv.Quote(h),
					Reason: "stands for erased text, but " + strconv.Quote(author) + " is not erased in this programme"}
			}
		}
	}
	return nil
}

func isHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}
