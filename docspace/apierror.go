package docspace

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// unknownCoverParam ends the server's refusal of a cover not in its list
// (RoomLogoManager.ValidateRoomCover throws an ArgumentException for "icon").
const unknownCoverParam = "(Parameter 'icon')"

// ErrorKind classifies a failed call so callers can switch on it.
type ErrorKind int

// Error kinds.
const (
	KindUnknown      ErrorKind = iota
	KindUnauthorized           // 401: key missing, wrong, revoked or expired
	KindForbidden              // 403: missing scope, no right to create, role not available
	KindNotFound               // 404
	KindInvalid                // 400 / 415: the server refused the request's content
	KindQuota                  // 402: room count or storage quota reached
	KindRateLimited            // 429
	KindServer                 // 5xx
	KindNetwork                // no HTTP answer: refused, DNS, TLS, timeout, reset
	KindBadResponse            // an answer we cannot read: HTML, truncated or wrong-typed JSON, too big
)

func (k ErrorKind) String() string {
	switch k {
	case KindUnauthorized:
		return "unauthorized"
	case KindForbidden:
		return "forbidden"
	case KindNotFound:
		return "not found"
	case KindInvalid:
		return "invalid"
	case KindQuota:
		return "quota"
	case KindRateLimited:
		return "rate limited"
	case KindServer:
		return "server"
	case KindNetwork:
		return "network"
	case KindBadResponse:
		return "bad response"
	}
	return "unknown"
}

// APIError is the one error type the Client returns for a failed call.
// It never contains the API key.
type APIError struct {
	Kind ErrorKind
	// Op says what was being attempted, e.g. "creating room".
	Op string
	// Method and Path identify the call (path without the query string).
	Method, Path string
	// Status is the HTTP status, 0 when no answer arrived.
	Status int
	// Message is the server's own message, if it sent one.
	Message string
	// RetryAfter is the server's Retry-After, if any.
	RetryAfter time.Duration
	// RetryAt is when the server's Retry-After ends, by the client's clock; zero without one.
	RetryAt time.Time
	// NotSent is true when the request provably never reached the server
	// (connection refused, DNS failure): repeating it cannot have side effects twice.
	NotSent bool
	// Err is the underlying transport or decoding error, if any.
	Err error
	// Portal is the address of the portal called (normalised, never holding the key).
	Portal string
}

func (e *APIError) Error() string {
	msg := e.Op
	if msg == "" {
		msg = e.Method + " " + e.Path
	}
	summary := e.Kind.summary()
	if e.Kind == KindNetwork && e.Portal != "" {
		// Which address failed is the first thing to check when nothing answered.
		summary += " at " + e.Portal
	}
	switch {
	case e.Status != 0 && e.Message != "":
		return fmt.Sprintf("%s: %s (HTTP %d)%s", msg, e.Message, e.Status, e.askedToWait())
	case e.Status != 0:
		return fmt.Sprintf("%s: %s (HTTP %d)%s", msg, summary, e.Status, e.askedToWait())
	case e.Err != nil:
		return fmt.Sprintf("%s: %s: %v", msg, summary, e.Err)
	}
	return fmt.Sprintf("%s: %s", msg, summary)
}

func (e *APIError) Unwrap() error { return e.Err }

// askedToWait is what the portal's Retry-After asked, as the end of the error's
// sentence: how long, and until when once that is a minute or more.
func (e *APIError) askedToWait() string {
	if e.RetryAfter <= 0 {
		return ""
	}
	s := "; the portal asked to wait " + waitWords(e.RetryAfter)
	if e.longWait() {
		s += ", until " + e.retryClock()
	}
	return s
}

// longWait reports a Retry-After long enough that "try again in a minute" would mislead.
func (e *APIError) longWait() bool { return e.RetryAfter > time.Minute && !e.RetryAt.IsZero() }

// retryClock is the time to try again after: RetryAt rounded up to the minute, with
// the day when the wait is long enough to reach into another.
func (e *APIError) retryClock() string {
	t := e.RetryAt
	up := t.Truncate(time.Minute)
	if up.Before(t) {
		up = up.Add(time.Minute)
	}
	if e.RetryAfter >= 12*time.Hour {
		return up.Format("Jan 2 15:04")
	}
	return up.Format("15:04")
}

func (k ErrorKind) summary() string {
	switch k {
	case KindUnauthorized:
		return "the portal rejected the API key"
	case KindForbidden:
		return "the portal refused without giving a reason, which usually means the API key lacks a scope this call needs"
	case KindNotFound:
		return "not found"
	case KindInvalid:
		return "the portal refused the request"
	case KindQuota:
		return "the portal's quota is reached"
	case KindRateLimited:
		return "too many requests"
	case KindServer:
		return "the portal had an internal error"
	case KindNetwork:
		return "could not reach the portal"
	case KindBadResponse:
		return "the portal sent an answer that could not be read"
	}
	return "failed"
}

// Hint is what the user should do next, in one sentence.
func (e *APIError) Hint() string {
	switch e.Kind {
	case KindUnauthorized:
		return "Check the API key (it may be revoked or expired) and sign in again with `docspace-wizard login`."
	case KindForbidden:
		if e.Message == "" {
			return "The API key lacks a scope this needs (rooms:write, accounts:read): create a key with those scopes."
		}
		return "Ask a DocSpace admin for the rights this needs, or choose a different access level."
	case KindNotFound:
		if e.Op == opCheckKey { // the one call every DocSpace answers: the address is not DocSpace's API
			return "Check the portal address: it must be your DocSpace address, e.g. " + portalExample + "."
		}
		return "Check the room or person still exists on the portal."
	case KindInvalid:
		if strings.Contains(e.Message, unknownCoverParam) {
			return "The portal has no cover by that name: give one of its covers to --cover (the wizard's Settings step offers them), or leave --cover out."
		}
		return "Correct the value the portal named and try again."
	case KindQuota:
		return "Free up rooms or storage, or upgrade the portal's plan, then try again."
	case KindRateLimited:
		if e.longWait() {
			return "Try again after " + e.retryClock() + "."
		}
		return "Wait a minute and try again."
	case KindServer:
		if e.longWait() {
			return "The portal asked for a pause: try again after " + e.retryClock() + "."
		}
		return "The portal may be restarting: try again in a minute."
	case KindNetwork:
		return "Check the portal address and your network connection."
	case KindBadResponse:
		return "Check the portal address: something other than DocSpace answered."
	}
	return "Try again."
}

// KindOf returns the kind of err if it is (or wraps) an *APIError, else KindUnknown.
func KindOf(err error) ErrorKind {
	var e *APIError
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}
