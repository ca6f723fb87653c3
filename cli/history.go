package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/history"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// HistoryOptions are the inputs of `docspace-wizard history`.
type HistoryOptions struct {
	// JSON prints the records as a JSON array, newest first.
	JSON bool
}

// historyDir is where the history is kept: StateDir, else the platform's place.
func (e Env) historyDir() (string, error) {
	if e.StateDir != "" {
		return e.StateDir, nil
	}
	return history.Dir(e.getenv)
}

// loadHistory reads the history, telling on w the lines it skipped.
func (e Env) loadHistory(w io.Writer) (string, []history.Record, bool) {
	dir, err := e.historyDir()
	if err != nil {
		fmt.Fprintln(w, err)
		return "", nil, false
	}
	recs, notes, err := history.Load(dir)
	for _, n := range notes {
		fmt.Fprintf(w, "%s %s\n", onboard.MarkWarning, onboard.UpperFirst(n))
	}
	if err != nil {
		fmt.Fprintf(w, "%s %s.\n", onboard.MarkFailed, onboard.UpperFirst(err.Error()))
		return dir, nil, false
	}
	return dir, recs, true
}

// History lists the runs that wrote something, newest first: id, time, portal, rooms
// and what happened to the people; an undo says which run it reversed.
func History(_ context.Context, env Env, opts HistoryOptions) onboard.End {
	out, w := env.Streams.Out, env.marked(env.Streams.Err)
	if !opts.JSON {
		out = env.marked(out)
	}
	dir, recs, ok := env.loadHistory(w)
	if !ok {
		return onboard.EndFailed
	}
	newest := make([]history.Record, 0, len(recs))
	for i := len(recs) - 1; i >= 0; i-- {
		newest = append(newest, recs[i])
	}
	if opts.JSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		_ = enc.Encode(newest) // stdout gone: nothing else to tell
		return onboard.EndDone
	}
	if len(newest) == 0 {
		fmt.Fprintf(out, "No runs in the history yet (%s).\n", history.Path(dir))
		return onboard.EndDone
	}
	undone := map[string]string{}
	for _, r := range recs {
		if r.Kind == history.KindUndo && r.Status == "complete" {
			undone[r.Undoes] = r.ID
		}
	}
	for i, r := range newest {
		if i > 0 {
			fmt.Fprintln(out)
		}
		writeRecord(out, r, undone[r.ID])
	}
	fmt.Fprintf(out, "\n%s in %s. Reverse one with `docspace-wizard undo ID`.\n", onboard.Plural(len(newest), "record", "records"), history.Path(dir))
	return onboard.EndDone
}

// writeRecord prints one record as a short block.
func writeRecord(w io.Writer, r history.Record, undoneBy string) {
	what := "run"
	if r.Via != "" && r.Kind == history.KindRun {
		what += " (" + viaWords(r.Via) + ")"
	}
	if r.Kind == history.KindUndo {
		what = "undo of " + r.Undoes
	}
	status := r.Status
	if undoneBy != "" {
		status += ", undone by " + undoneBy
	}
	fmt.Fprintf(w, "%s  %s  %s, %s\n", r.ID, r.Time.Local().Format("2006-01-02 15:04"), what, status)
	fmt.Fprintf(w, "  %s\n", r.Portal)
	for _, room := range r.Rooms {
		name := fmt.Sprintf("\"%s\" (#%d", room.Title, room.ID)
		switch {
		case room.Created:
			name += ", created"
		case room.Archived:
			name += ", archived"
		}
		name += ")"
		fmt.Fprintf(w, "  %s: %s\n", name, peopleCounts(room.People))
	}
	if r.Error != "" {
		fmt.Fprintf(w, "  %s %s\n", onboard.MarkFailed, r.Error)
	}
}

// countWords are the outcomes in the order a record's counts list them.
var countWords = []struct{ outcome, one, many string }{
	{history.OutcomeNewGuest, "new guest invited", "new guests invited"},
	{history.OutcomeAdded, "user added", "users added"},
	{history.OutcomeAccessChanged, "access changed", "access changed"},
	{history.OutcomeAlreadyMember, "already a member", "already members"},
	{history.OutcomeRemoved, "removed", "removed"},
	{history.OutcomeRestored, "access put back", "access put back"},
	{history.OutcomeLeftAlone, "left alone", "left alone"},
	{history.OutcomeFailed, "failed", "failed"},
	{history.OutcomeUnconfirmed, "not confirmed", "not confirmed"},
	{history.OutcomeNotSent, "not sent", "not sent"},
}

// peopleCounts is "2 users added, 1 access changed".
func peopleCounts(people []history.Person) string {
	n := map[string]int{}
	for _, p := range people {
		n[p.Outcome]++
	}
	var parts []string
	for _, c := range countWords {
		if k := n[c.outcome]; k > 0 {
			parts = append(parts, onboard.Plural(k, c.one, c.many))
		}
	}
	if len(parts) == 0 {
		return "nobody"
	}
	return strings.Join(parts, ", ")
}

func viaWords(via string) string {
	switch via {
	case onboard.ViaYes:
		return "--yes"
	case onboard.ViaAccessible:
		return "--accessible"
	}
	return via
}
