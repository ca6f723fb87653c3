package onboard

import (
	"errors"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// A run's status says how the command ends, the same for the wizard and --yes.
func TestRunEnd(t *testing.T) {
	for s, want := range map[docspace.Status]End{
		docspace.StatusComplete: EndDone, docspace.StatusFailed: EndFailed, docspace.StatusInvalid: EndInvalid,
		docspace.StatusPartial: EndPartial, docspace.StatusKeyRejected: EndKeyRefused, docspace.StatusInterrupted: EndInterrupted,
	} {
		if got := RunEnd(s); got != want {
			t.Errorf("RunEnd(%v) = %v, want %v", s, got, want)
		}
	}
	// Before any room, as the wizard ends on a key it could not use: refused when the
	// key will not do, failed when the portal could not be asked.
	if got := RunEnd(docspace.Result{Err: docspace.ErrMalformedKey}.Status()); got != EndKeyRefused {
		t.Errorf("a key not shaped like one ends %v, want key refused", got)
	}
	if got := RunEnd(docspace.Result{Err: errors.New("connection refused")}.Status()); got != EndFailed {
		t.Errorf("a portal that could not be reached ends %v, want failed", got)
	}
}

// SIGTERM turns an interruption into a termination; a command that ended otherwise
// before the signal took effect keeps its end.
func TestAsTerminated(t *testing.T) {
	for e := EndDone; e <= EndTerminated; e++ {
		want := e
		if e == EndInterrupted || e == EndTerminated {
			want = EndTerminated
		}
		if got := e.AsTerminated(); got != want {
			t.Errorf("%v.AsTerminated() = %v, want %v", e, got, want)
		}
		if e.String() == "unknown" {
			t.Errorf("End %d has no word", int(e))
		}
	}
}
