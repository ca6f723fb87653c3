// Package keystore keeps DocSpace API keys in the operating system's keyring
// (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows) and
// resolves which key a run uses: DOCSPACE_API_KEY first, then the keyring.
//
// There is deliberately no plain-text fallback: without a keyring a key can only be
// used for one run, through the environment.
package keystore

import (
	"errors"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name every key is stored under.
const Service = "docspace-wizard"

// DefaultTimeout bounds every keyring call unless WithTimeout says otherwise.
const DefaultTimeout = 3 * time.Second

// Store keeps one API key per portal. Portals are passed already normalised
// (docspace.NormalizePortal): the store uses the string as given as the account name.
type Store interface {
	// Get returns the key stored for portal; ErrNotFound when there is none.
	Get(portal string) (string, error)
	// Set stores key for portal, replacing any earlier one.
	Set(portal, key string) error
	// Delete removes the key stored for portal; ErrNotFound when there was none.
	Delete(portal string) error
}

// Backend is the part of go-keyring's provider the Keyring uses; tests inject fakes.
type Backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// Keyring is a Store backed by the OS keyring, with a timeout around every call.
type Keyring struct {
	backend Backend
	timeout time.Duration
}

// Option configures a Keyring.
type Option func(*Keyring)

// WithTimeout bounds each keyring call by d (d <= 0 keeps the default). A call that
// times out is abandoned, not stopped: it may still complete later in the background.
func WithTimeout(d time.Duration) Option {
	return func(k *Keyring) {
		if d > 0 {
			k.timeout = d
		}
	}
}

// WithBackend replaces go-keyring with b (tests).
func WithBackend(b Backend) Option {
	return func(k *Keyring) {
		if b != nil {
			k.backend = b
		}
	}
}

// Open returns a Store over the OS keyring. It does not touch the keyring yet:
// problems show up, mapped and bounded, on the first call.
func Open(opts ...Option) *Keyring {
	k := &Keyring{backend: goKeyring{}, timeout: DefaultTimeout}
	for _, o := range opts {
		o(k)
	}
	return k
}

// goKeyring calls go-keyring's package functions, so keyring.MockInit in tests reaches it.
type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (goKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// Get returns the key stored for portal.
func (k *Keyring) Get(portal string) (string, error) {
	var key string
	err := k.bounded(func() error {
		var err error
		key, err = k.backend.Get(Service, portal)
		return err
	})
	if err != nil {
		return "", classify(opGet, portal, err, "")
	}
	return key, nil
}

// Set stores key for portal, replacing any earlier key.
func (k *Keyring) Set(portal, key string) error {
	if err := k.bounded(func() error { return k.backend.Set(Service, portal, key) }); err != nil {
		return classify(opSet, portal, err, key)
	}
	return nil
}

// Delete removes the key stored for portal.
func (k *Keyring) Delete(portal string) error {
	if err := k.bounded(func() error { return k.backend.Delete(Service, portal) }); err != nil {
		return classify(opDelete, portal, err, "")
	}
	return nil
}

// errHung marks a call that outlived the timeout.
var errHung = errors.New("the keyring call did not return in time")

// bounded runs call in its own goroutine and gives up after the timeout.
// A call that hangs (a keyring waiting on an unlock prompt nobody answers) keeps its
// goroutine until the keyring answers or the process exits; its late result is dropped.
// A late Set may therefore still store the key after the caller was told it timed out.
func (k *Keyring) bounded(call func() error) error {
	done := make(chan error, 1) // buffered: the goroutine never blocks on a gone receiver
	go func() { done <- call() }()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return &timeoutError{after: k.timeout}
	}
}

type timeoutError struct{ after time.Duration }

func (e *timeoutError) Error() string { return errHung.Error() + " (" + e.after.String() + ")" }
func (e *timeoutError) Unwrap() error { return errHung }
