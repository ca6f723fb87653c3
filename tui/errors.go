package tui

import (
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// errorSentence tells err as a sentence plus what to do next (onboard's wording).
func errorSentence(err error) string { return onboard.ErrorSentence(err) }

// sentence capitalises s and makes it end with a full stop.
func sentence(s string) string { return onboard.Sentence(s) }
