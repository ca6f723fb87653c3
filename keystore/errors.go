package keystore

import (
	"errors"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"net"
	"os/exec"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/docspace-wizard/docspace-wizard/internal/redact"
)

// Sentinel errors; every error a Keyring returns is an *Error that matches one of them with errors.Is.
var (
	// ErrNotFound means no key is stored for the portal.
	ErrNotFound = errors.New("no API key is stored for this portal")
	// ErrUnavailable means the keyring cannot be used: none installed, no D-Bus, locked, refused.
	ErrUnavailable = errors.New("the system keyring is unavailable")
	// ErrTimeout means the keyring did not answer in time (often: locked, waiting for an unlock prompt).
	ErrTimeout = errors.New("the system keyring did not answer in time")
)

// EnvHint is the sentence every unavailable or timed-out error ends with.
const EnvHint = "Without a keyring, set DOCSPACE_API_KEY: it works for that run without storing anything."

// Error is a keyring failure told as a sentence, what to do, and the platform's own
// message as detail. It never contains the API key.
type Error struct {
	// Kind is ErrNotFound, ErrUnavailable or ErrTimeout.
	Kind error
	// Op says what was being attempted, e.g. "reading the API key for https://x from the system keyring".
	Op string
	// Reason says what is wrong, e.g. "no Secret Service keyring is running".
	Reason string
	// Fix says what to do about it.
	Fix string
	// Detail is the platform's message (key redacted); empty when there is none.
	Detail string
}

// Error returns the whole message: what failed, why, what to do, then the platform detail.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(e.Reason)
	b.WriteString(".")
	if e.Fix != "" {
		b.WriteString(" ")
		b.WriteString(e.Fix)
	}
	if e.Kind != ErrNotFound {
		b.WriteString(" ")
		b.WriteString(EnvHint)
	}
	if e.Detail != "" {
		b.WriteString(" (keyring said: ")
		b.WriteString(e.Detail)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrUnavailable) and friends work.
func (e *Error) Unwrap() error { return e.Kind }

type op int

const (
	opGet op = iota
	opSet
	opDelete
)

func (o op) describe(portal string) string {
	switch o {
	case opSet:
		return "storing the API key for " + portal + " in the system keyring"
	case opDelete:
		return "removing the API key for " + portal + " from the system keyring"
	}
	return "reading the API key for " + portal + " from the system keyring"
}

// Reasons and fixes, one per platform failure we can tell apart.
const (
	reasonNoBus        = "there is no D-Bus session bus, which the Secret Service keyring needs"
	fixNoBus           = "Run docspace-wizard in a desktop session, or start a session bus with `dbus-run-session` and a Secret Service (install gnome-keyring and dbus; KeePassXC also works)."
	reasonNoService    = "no Secret Service keyring is running"
	fixNoService       = "Install and start one: gnome-keyring (apt install gnome-keyring), or KeePassXC with its Secret Service integration turned on."
	reasonLocked       = "the keyring is locked and could not be unlocked"
	fixLocked          = "Unlock it (log in to the desktop, open Passwords and Keys, or run `gnome-keyring-daemon --unlock` in your session) and try again."
	reasonNoCollection = "the keyring has no default collection to keep keys in"
	fixNoCollection    = "Create one (in Passwords and Keys, add a keyring named Login and make it the default) and try again."
	reasonDenied       = "the keyring refused access"
	fixDenied          = "Allow docspace-wizard to use the keyring when asked, then try again."
	reasonUnsupported  = "this system has no keyring docspace-wizard can use"
	fixUnsupported     = "Supported are the Secret Service (Linux, BSD), the macOS Keychain and the Windows Credential Manager."
	reasonTooBig       = "the key is too long for the keyring"
	fixTooBig          = "Check that only the API key was pasted."
	reasonOther        = "the system keyring failed"
	fixOther           = "Check that it works (on Linux: `secret-tool search service docspace-wizard`) and try again."
	reasonTimeout      = "the keyring did not answer within "
	fixTimeout         = "It may be locked and waiting for an unlock prompt: unlock it and try again."
	reasonNoAnswer     = "the keyring did not answer"
	reasonNotFound     = "no API key is stored"
)

// classify turns a platform error into an *Error; key, when set, is redacted from the detail.
func classify(o op, portal string, err error, key string) *Error {
	e := &Error{Kind: ErrUnavailable, Op: o.describe(portal)}
	var te *timeoutError
	switch {
	case errors.As(err, &te):
		e.Kind, e.Reason, e.Fix = ErrTimeout, reasonTimeout+te.after.String(), fixTimeout
		return e
	case errors.Is(err, keyring.ErrNotFound):
		e.Kind, e.Reason = ErrNotFound, reasonNotFound
		e.Fix = "Run `docspace-wizard login --portal " + portal + "`, or set DOCSPACE_API_KEY."
		return e
	}
	e.Detail = redact.Secrets(outside.Line(err.Error(), 0), key) // the keyring's words are outside text
	e.Reason, e.Fix = platformReason(err)
	return e
}

// platformReason names a platform failure. The Secret Service answers with D-Bus
// error names; go-keyring adds a few plain errors; connecting to the bus fails
// with exec (no dbus-launch) or socket errors.
func platformReason(err error) (reason, fix string) {
	if errors.Is(err, keyring.ErrUnsupportedPlatform) {
		return reasonUnsupported, fixUnsupported
	}
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		return reasonTooBig, fixTooBig
	}
	if name := dbusErrorName(err); name != "" {
		switch name {
		case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
			"org.freedesktop.DBus.Error.Spawn.ChildExited", "org.freedesktop.DBus.Error.Spawn.ExecFailed":
			return reasonNoService, fixNoService
		case "org.freedesktop.Secret.Error.IsLocked":
			return reasonLocked, fixLocked
		case "org.freedesktop.Secret.Error.NoSuchObject", "org.freedesktop.DBus.Error.UnknownObject",
			"org.freedesktop.DBus.Error.UnknownMethod":
			return reasonNoCollection, fixNoCollection
		case "org.freedesktop.DBus.Error.AccessDenied", "org.freedesktop.DBus.Error.AuthFailed":
			return reasonDenied, fixDenied
		case "org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout":
			return reasonNoAnswer, fixTimeout
		}
		return reasonOther, fixOther
	}
	var execErr *exec.Error
	var exitErr *exec.ExitError
	var netErr *net.OpError
	msg := err.Error()
	switch {
	case errors.As(err, &execErr), errors.As(err, &exitErr), errors.As(err, &netErr),
		strings.Contains(msg, "session bus"), strings.Contains(msg, "DBUS_SESSION_BUS_ADDRESS"),
		strings.Contains(msg, "dbus-launch"), strings.Contains(msg, "X11"):
		return reasonNoBus, fixNoBus
	case strings.Contains(msg, "failed to unlock"), strings.Contains(msg, "locked"):
		// go-keyring's words when the unlock prompt was dismissed or could not be shown.
		return reasonLocked, fixLocked
	}
	return reasonOther, fixOther
}

// dbusErrorName returns the D-Bus error name carried by err, or "".
func dbusErrorName(err error) string {
	var v dbus.Error
	if errors.As(err, &v) {
		return v.Name
	}
	var p *dbus.Error
	if errors.As(err, &p) && p != nil {
		return p.Name
	}
	return ""
}
