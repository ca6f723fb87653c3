package faultmatrix

import "github.com/docspace-wizard/docspace-wizard/onboard"

// Cell is how the cli and tui goldens show a case's end: the exit code the legend
// gives it (0 done, 1 failed, 3 partial, 4 key rejected). These are the codes main
// ends with; a test in package main checks that they agree.
func Cell(end onboard.End) string {
	switch end {
	case onboard.EndDone:
		return "0"
	case onboard.EndPartial:
		return "3"
	case onboard.EndKeyRefused:
		return "4"
	case onboard.EndFailed:
		return "1"
	}
	return end.String() // no fault case ends otherwise; the golden then shows the change
}
