// Package history keeps the record of what runs wrote to portals: one JSON line per
// run in the user's state directory, appended atomically, read leniently. It never
// holds an API key: a record has no field for one.
package history

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// FileName is the history file's name inside its directory.
const FileName = "history.jsonl"

// EnvDir names the variable that overrides the history directory (tests, sandboxes).
const EnvDir = "DOCSPACE_WIZARD_STATE_DIR"

// maxLine bounds one record: a run of thousands of people still fits, a runaway line does not.
const maxLine = 16 << 20

// Kinds of record.
const (
	KindRun  = "run"  // a run that created rooms or invited people
	KindUndo = "undo" // an undo of an earlier run
)

// Record is one run that wrote something. Rooms is a list so a run over several rooms
// is one record.
type Record struct {
	ID     string    `json:"id"`
	Time   time.Time `json:"time"`
	Kind   string    `json:"kind"`
	Portal string    `json:"portal"`
	// Via names the front-end: "wizard", "yes", "accessible", "undo".
	Via string `json:"via,omitempty"`
	// Status sums the run up: complete, partial, failed, interrupted.
	Status string `json:"status,omitempty"`
	// Undoes is, for an undo, the id of the run it reversed.
	Undoes string `json:"undoes,omitempty"`
	Rooms  []Room `json:"rooms"`
	// Error is the sentence that stopped the run early, if one did.
	Error string `json:"error,omitempty"`
}

// Room is one room a run wrote to.
type Room struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Type  int    `json:"type,omitempty"`
	Link  string `json:"link,omitempty"`
	// Created is true when the run created the room.
	Created bool `json:"created,omitempty"`
	// Uncertain is true when the run could not tell whether its create call made a room.
	Uncertain bool `json:"uncertain,omitempty"`
	// Archived is true, in an undo record, when the undo archived the room.
	Archived bool     `json:"archived,omitempty"`
	People   []Person `json:"people"`
}

// Person is one person of a room and what the run did for them. Access and Before
// are the portal's access numbers (0 None: not a member).
type Person struct {
	Email  string `json:"email,omitempty"`
	UserID string `json:"userId,omitempty"`
	Name   string `json:"name,omitempty"`
	// GroupID is set for a portal group invited as a whole (Name is its name).
	GroupID string `json:"groupId,omitempty"`
	Access  int    `json:"access"`
	Before  int    `json:"before,omitempty"`
	// Outcome is what happened: for a run "new-guest", "added", "already-member",
	// "access-changed", "failed", "unconfirmed", "not-sent"; for an undo "removed",
	// "restored", "left-alone", "failed".
	Outcome string `json:"outcome"`
	Reason  string `json:"reason,omitempty"`
}

// Outcomes of a run that wrote something for the person.
const (
	OutcomeNewGuest      = "new-guest"
	OutcomeAdded         = "added"
	OutcomeAlreadyMember = "already-member"
	OutcomeAccessChanged = "access-changed"
	OutcomeFailed        = "failed"
	OutcomeUnconfirmed   = "unconfirmed"
	OutcomeNotSent       = "not-sent"
	OutcomeRemoved       = "removed"
	OutcomeRestored      = "restored"
	OutcomeLeftAlone     = "left-alone"
)

// Wrote reports whether the record changed anything on the portal: a room created,
// or someone added or given another access (an undo: someone removed or put back,
// or a room archived).
func (r Record) Wrote() bool {
	for _, room := range r.Rooms {
		if room.Created || room.Archived {
			return true
		}
		for _, p := range room.People {
			switch p.Outcome {
			case OutcomeNewGuest, OutcomeAdded, OutcomeAccessChanged, OutcomeRemoved, OutcomeRestored:
				return true
			}
		}
	}
	return false
}

// Counts returns how many people of the record had each outcome.
func (r Record) Counts() map[string]int {
	m := map[string]int{}
	for _, room := range r.Rooms {
		for _, p := range room.People {
			m[p.Outcome]++
		}
	}
	return m
}

// Dir is the history directory: $DOCSPACE_WIZARD_STATE_DIR, else the platform's place
// for an application's state: $XDG_STATE_HOME/docspace-wizard (default
// ~/.local/state/docspace-wizard) on Linux and BSD, ~/Library/Application
// Support/docspace-wizard on macOS, %LocalAppData%\docspace-wizard on Windows.
func Dir(getenv func(string) string) (string, error) { return dirOn(runtime.GOOS, getenv) }

func dirOn(goos string, getenv func(string) string) (string, error) {
	if d := getenv(EnvDir); d != "" {
		return d, nil
	}
	switch goos {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "docspace-wizard"), nil
		}
		return "", errors.New("%LocalAppData% is not set, so there is no place for the history: set " + EnvDir)
	case "darwin", "ios":
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("$HOME is not set, so there is no place for the history: set " + EnvDir)
		}
		return filepath.Join(home, "Library", "Application Support", "docspace-wizard"), nil
	}
	if d := getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "docspace-wizard"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("$HOME is not set, so there is no place for the history: set XDG_STATE_HOME or " + EnvDir)
	}
	return filepath.Join(home, ".local", "state", "docspace-wizard"), nil
}

// Path is the history file in dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// NewID returns a record id: the time to the second and four random hex digits
// ("20261127-140512-3fa1"), unique enough for one person's runs and easy to type.
func NewID(t time.Time) string {
	var b [2]byte
	_, _ = rand.Read(b[:]) // crypto/rand does not fail on supported platforms
	return t.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b[:])
}

// Append adds rec as one line to the history file in dir, creating the directory
// (0700) and the file (0600) if needed. The line goes out in one write to a file
// opened for appending, so records of runs made at the same time never interleave.
func Append(dir string, rec Record) error {
	if dir == "" {
		return errors.New("no history directory")
	}
	if rec.ID == "" {
		rec.ID = NewID(rec.Time)
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("the run could not be written to the history: %w", err)
	}
	line = append(line, '\n')
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("the history directory %s could not be made: %w; %s", dir, unwrapPath(err), writeFix)
	}
	f, err := os.OpenFile(Path(dir), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("the history file %s could not be opened: %w; %s", Path(dir), unwrapPath(err), writeFix)
	}
	// A file made by someone else (or an older umask) is narrowed to its owner: it names people.
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm()&0o077 != 0 {
		_ = f.Chmod(0o600) // best effort: the record matters more than the mode
	}
	_, werr := f.Write(line)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("the history file %s could not be written: %w; %s", Path(dir), unwrapPath(werr), writeFix)
	}
	return nil
}

// What to do when the history cannot be written or read.
const (
	writeFix = "set " + EnvDir + " to a directory you can write to"
	readFix  = "move that file away (a new history starts), or set " + EnvDir + " to another directory"
)

// unwrapPath drops the path from an *os.PathError, which the sentence already names.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Load reads every record in dir's history, oldest first. A line that is not a record
// (corrupt, cut short, written by something else) is skipped, and notes says which;
// it never fails the rest. A missing file is an empty history.
func Load(dir string) (recs []Record, notes []string, err error) {
	f, err := os.Open(Path(dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("the history file %s could not be read: %w; %s", Path(dir), unwrapPath(err), readFix)
	}
	defer func() { _ = f.Close() }() // read only
	return read(f)
}

// read parses history lines from r.
func read(r io.Reader) (recs []Record, notes []string, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		line, rerr := readLine(br)
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			if errors.Is(rerr, errLineTooLong) {
				notes = append(notes, fmt.Sprintf("line %d of the history is too long to be a record: skipped", n))
				continue
			}
			return recs, notes, fmt.Errorf("the history could not be read: %w; %s", rerr, readFix)
		}
		if s := strings.TrimSpace(string(line)); s != "" {
			var rec Record
			switch err := json.Unmarshal([]byte(s), &rec); {
			case err != nil:
				notes = append(notes, fmt.Sprintf("line %d of the history is not a record (corrupt or written by something else): skipped", n))
			case rec.ID == "" || rec.Portal == "" || (rec.Kind != KindRun && rec.Kind != KindUndo):
				notes = append(notes, fmt.Sprintf("line %d of the history is not a record of this program: skipped", n))
			default:
				// The file is outside text: anyone could have edited it.
				outside.Clean(&rec)
				recs = append(recs, rec)
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Time.Before(recs[j].Time) })
	return recs, notes, nil
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line (without its newline), at most maxLine bytes; a longer one
// is consumed and reported as errLineTooLong.
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	long := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !long {
			out = append(out, chunk...)
			if len(out) > maxLine {
				long, out = true, nil
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return nil, err
		}
		if long {
			return nil, errLineTooLong
		}
		return out, err
	}
}

// Find returns the record whose id is ref, or the one record whose id starts with it.
func Find(recs []Record, ref string) (Record, error) {
	ref = strings.TrimSpace(ref)
	var match []Record
	for _, r := range recs {
		if r.ID == ref {
			return r, nil
		}
		if ref != "" && strings.HasPrefix(r.ID, ref) {
			match = append(match, r)
		}
	}
	switch len(match) {
	case 1:
		return match[0], nil
	case 0:
		return Record{}, fmt.Errorf("no run %q in the history: see `docspace-wizard history` for the ids", ref)
	}
	return Record{}, fmt.Errorf("%q names %d runs: give more of the id (see `docspace-wizard history`)", ref, len(match))
}

// LatestRun returns the newest run (not an undo) that wrote something, and false when none.
func LatestRun(recs []Record) (Record, bool) {
	for i := len(recs) - 1; i >= 0; i-- {
		if recs[i].Kind == KindRun && recs[i].Wrote() {
			return recs[i], true
		}
	}
	return Record{}, false
}

// UndosOf returns the undo records of the run with id, oldest first.
func UndosOf(recs []Record, id string) []Record {
	var out []Record
	for _, r := range recs {
		if r.Kind == KindUndo && r.Undoes == id {
			out = append(out, r)
		}
	}
	return out
}
