package tui

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/keystore"
)

// unreadableKeys is a keyring that cannot be read, with the long sentence a missing
// D-Bus gives.
type unreadableKeys struct{ fakeKeys }

func (k *unreadableKeys) Get(string) (string, error) {
	return "", &keystore.Error{Kind: keystore.ErrUnavailable, Op: "reading the API key", Reason: strings.Repeat("there is no D-Bus session bus, which the Secret Service keyring needs; ", 4)}
}

// The notice that sent the admin to the key step (here a long keyring sentence)
// gives way once they submit a key: at 60x20 the step's own answer (the key's
// problem) is what they must see, and it was below the fold.
func TestKeyStepProblemIsSeenUnderALongNotice(t *testing.T) {
	opts := testOptions(newFakePortal())
	opts.Keys = &unreadableKeys{}
	d := newDriver(t, opts, 60, 20)
	d.settle()
	if got := d.screen(); !strings.Contains(got, "D-Bus") {
		t.Fatalf("the keyring's notice is not shown:\n%s", got)
	}
	d.typeText("sk-short")
	d.keys("enter")
	d.settle()
	got := d.screen()
	if !strings.Contains(got, "copy the whole key again") {
		t.Errorf("the key's problem is not on the 60x20 screen:\n%s", got)
	}
}
