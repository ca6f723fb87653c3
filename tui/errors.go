package tui

import (
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// errorSentence tells err as a sentence plus what to do next (onboard's wording).
func errorSentence(err error) string { return onboard.ErrorSentence(err) }
