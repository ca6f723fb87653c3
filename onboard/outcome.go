package onboard

import "github.com/docspace-wizard/docspace-wizard/docspace"

// End is how a command ended, as its front-end (the wizard, --accessible, --yes,
// login, logout, status) reports it. The front-ends say what happened; main alone
// turns it into the process's exit code.
type End int

// The ways a command ends.
const (
	EndDone        End = iota // it did what was asked
	EndFailed                 // nothing useful happened (no room, or no one in it), or the command failed
	EndInvalid                // the command line or the plan is wrong; nothing was done
	EndPartial                // the room exists, but some people are not in it
	EndKeyRefused             // no API key, or one the portal refuses or that cannot do the job
	EndInterrupted            // stopped by Ctrl+C (SIGINT) or a cancelled prompt
	EndTerminated             // stopped by SIGTERM
)

var endWords = [...]string{
	EndDone: "done", EndFailed: "failed", EndInvalid: "invalid", EndPartial: "partial",
	EndKeyRefused: "key refused", EndInterrupted: "interrupted", EndTerminated: "terminated",
}

// String names the end in a word, for test failures and logs.
func (e End) String() string {
	if e >= 0 && int(e) < len(endWords) {
		return endWords[e]
	}
	return "unknown"
}

// runEnds are the ends of runs by status; any other status is a failed run.
var runEnds = map[docspace.Status]End{
	docspace.StatusComplete:    EndDone,
	docspace.StatusPartial:     EndPartial,
	docspace.StatusKeyRejected: EndKeyRefused,
	docspace.StatusInterrupted: EndInterrupted,
	docspace.StatusInvalid:     EndInvalid,
}

// RunEnd is how a command ends after a run that ended with status s.
func RunEnd(s docspace.Status) End {
	if e, ok := runEnds[s]; ok {
		return e
	}
	return EndFailed
}

// AsTerminated is e for a command SIGTERM stopped: EndTerminated where Ctrl+C's would
// be EndInterrupted; a command that was done before the signal took effect keeps its end.
func (e End) AsTerminated() End {
	if e == EndInterrupted {
		return EndTerminated
	}
	return e
}
