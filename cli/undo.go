package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/history"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// UndoOptions are the inputs of `docspace-wizard undo`.
type UndoOptions struct {
	// Run is the id (or a unique start of it) of the run to reverse; "" for the latest
	// run that wrote something.
	Run string
	// Yes skips the question.
	Yes bool
}

// Undo reverses one recorded run: it reads the rooms and members, shows exactly what
// it will change and what it leaves alone (and why), asks (unless Yes), then takes out
// the people the run added (by user id), puts back the access it changed and archives
// the rooms it created; people who were members before the run are never touched. It
// records itself in the history, and running it again does only what is left.
//
// Cancelling ctx (Ctrl+C) stops it between requests; it then ends EndInterrupted, or
// EndTerminated when the cause is ErrTerminated (SIGTERM), having said what it did.
func Undo(ctx context.Context, env Env, opts UndoOptions) (end onboard.End) {
	defer func() {
		if ctx.Err() != nil && end != onboard.EndDone {
			end = onboard.EndInterrupted
			if errors.Is(context.Cause(ctx), ErrTerminated) {
				end = end.AsTerminated()
			}
		}
	}()
	out, w := env.marked(env.Streams.Out), env.marked(env.Streams.Err)
	dir, recs, ok := env.loadHistory(w)
	if !ok {
		return onboard.EndFailed
	}
	run, picked, ok := pickRun(w, recs, opts.Run)
	if !ok {
		return picked
	}
	client, connected := env.connect(run.Portal, "")
	if client == nil {
		return connected
	}
	fmt.Fprintf(out, "Undo of run %s (%s) on %s.\n", run.ID, run.Time.Local().Format("2006-01-02 15:04"), run.Portal)
	rooms := onboard.UndoRooms(run, history.UndosOf(recs, run.ID))
	if len(rooms) == 0 {
		fmt.Fprintln(out, "Nothing to do: that run added nobody, changed no access and created no room.")
		return onboard.EndDone
	}
	fmt.Fprintf(w, "%s Reading the rooms and their members%s\n", onboard.MarkWorking, onboard.Ellipsis)
	// The same verdict as a run's: a key that cannot write is told now, not after the question.
	if v := onboard.Judge(onboard.CheckKey(ctx, client)); !v.OK() {
		fmt.Fprintf(w, "%s Nothing was changed: %s\n", onboard.MarkFailed, v.Problem())
		if fix := v.Fix(); fix != "" {
			fmt.Fprintln(w, fix)
		}
		if v.Refused() {
			return onboard.EndKeyRefused
		}
		return onboard.EndFailed
	}
	steps, err := client.PlanUndo(ctx, rooms)
	if err != nil {
		fmt.Fprintf(w, "%s Nothing was changed: %s\n", onboard.MarkFailed, onboard.ErrorSentence(err))
		return onboard.EndFailed
	}
	pending := docspace.Pending(steps)
	writeUndoPlan(out, steps)
	if pending == 0 {
		if slices.ContainsFunc(steps, func(s docspace.UndoStep) bool { return s.State == docspace.UndoLeftAlone }) {
			fmt.Fprintf(out, "Nothing left to reverse in run %s: the rest was changed by someone else since (above); change it in DocSpace if it should go.\n", run.ID)
			return onboard.EndDone
		}
		fmt.Fprintf(out, "Nothing to do: run %s is already undone.\n", run.ID)
		return onboard.EndDone
	}
	if !opts.Yes {
		if !env.Streams.InTTY {
			fmt.Fprintln(w, "Nothing was changed: undo asks before it changes anything, and there is no terminal to answer in. Add --yes to reverse these changes without the question.")
			return onboard.EndInvalid
		}
		fmt.Fprintf(w, "Reverse these %s? [y/N] ", onboard.Plural(pending, "change", "changes"))
		if !yes(env.Streams.In) {
			fmt.Fprintln(w, "Nothing was changed.")
			return onboard.EndInterrupted
		}
	}
	done := client.Undo(ctx, steps)
	writeUndoResult(out, done, steps)
	rec := onboard.UndoRecord(run, done, time.Now())
	if len(rec.Rooms) > 0 {
		if err := history.Append(dir, rec); err != nil {
			fmt.Fprintf(w, "%s This undo was not added to the history: %v.\n", onboard.MarkWarning, err)
		}
	}
	end = onboard.UndoEnd(done)
	if end != onboard.EndDone {
		fmt.Fprintf(w, "%s Run `docspace-wizard undo %s` again to finish: what was reversed is not done twice.\n", onboard.MarkFailed, run.ID)
	}
	return end
}

// pickRun finds the run to reverse: ref, or the latest that wrote something.
func pickRun(w io.Writer, recs []history.Record, ref string) (history.Record, onboard.End, bool) {
	if strings.TrimSpace(ref) == "" {
		run, ok := history.LatestRun(recs)
		if !ok {
			fmt.Fprintln(w, "Nothing to undo: no run in the history created a room or invited anyone.")
			return history.Record{}, onboard.EndDone, false
		}
		return run, onboard.EndDone, true
	}
	run, err := history.Find(recs, ref)
	if err != nil {
		fmt.Fprintln(w, onboard.UpperFirst(err.Error())+".")
		return history.Record{}, onboard.EndInvalid, false
	}
	if run.Kind != history.KindRun {
		fmt.Fprintf(w, "%s is itself an undo (of run %s); an undo cannot be reversed: invite the people again instead.\n", run.ID, run.Undoes)
		return history.Record{}, onboard.EndInvalid, false
	}
	return run, onboard.EndDone, true
}

// writeUndoPlan shows what the undo will do, what it leaves alone and why, and how
// much is already as before.
func writeUndoPlan(w io.Writer, steps []docspace.UndoStep) {
	var todo, alone []string
	already := 0
	for _, s := range steps {
		switch s.State {
		case docspace.UndoPending:
			todo = append(todo, onboard.UndoPlanLine(s))
		case docspace.UndoLeftAlone:
			alone = append(alone, onboard.UndoPlanLine(s))
		case docspace.UndoAlreadyDone:
			already++
		}
	}
	if len(todo) > 0 {
		fmt.Fprintln(w, "It will:")
		for _, l := range todo {
			fmt.Fprintf(w, "  - %s\n", l)
		}
	}
	if len(alone) > 0 {
		fmt.Fprintln(w, "It will not:")
		for _, l := range alone {
			fmt.Fprintf(w, "  %s %s\n", onboard.MarkWarning, l)
		}
	}
	if already > 0 {
		fmt.Fprintf(w, "%s already as before that run.\n", onboard.Plural(already, "change is", "changes are"))
	}
}

// writeUndoResult says what happened to each step the undo tried, then the totals.
func writeUndoResult(w io.Writer, done, planned []docspace.UndoStep) {
	reversed, failed, alone := 0, 0, 0
	for i, s := range done {
		if planned[i].State != docspace.UndoPending {
			continue
		}
		mark, text := onboard.UndoResultLine(s)
		fmt.Fprintf(w, "%s %s\n", mark, text)
		switch s.State {
		case docspace.UndoReversed:
			reversed++
		case docspace.UndoFailed:
			failed++
		case docspace.UndoLeftAlone:
			alone++
		}
	}
	total := reversed + failed + alone
	line := fmt.Sprintf("Reversed %d of %s", reversed, onboard.Plural(total, "change", "changes"))
	if failed > 0 {
		line += fmt.Sprintf("; %d not reversed", failed)
	}
	if alone > 0 {
		line += fmt.Sprintf("; %d left alone, changed by someone else meanwhile", alone)
	}
	fmt.Fprintln(w, line+".")
}

// yes reads one answer line and reports whether it is yes.
func yes(in io.Reader) bool {
	if in == nil {
		return false
	}
	line, _ := bufio.NewReader(io.LimitReader(in, 1024)).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}
