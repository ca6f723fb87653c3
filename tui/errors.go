package tui

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// errorSentence tells err as a sentence plus what to do next.
func errorSentence(err error) string {
	if err == nil {
		return ""
	}
	var ae *docspace.APIError
	if errors.As(err, &ae) {
		// err, not ae: what the run adds around the portal's error (which call, "the
		// portal may have created the room anyway") is part of the sentence.
		return sentence(err.Error()) + " " + ae.Hint()
	}
	if errors.Is(err, context.Canceled) {
		return "The request was cancelled."
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "The portal did not answer in time. Check the portal address and your network connection."
	}
	return sentence(err.Error())
}

// sentence capitalises s and makes it end with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}
