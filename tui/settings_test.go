package tui

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// The settings file is read in the background: a slow disk never delays the first frame,
// the remembered portal and choices arrive with the key, and without one the wizard asks.
func TestSettingsArriveAfterTheFirstFrame(t *testing.T) {
	release := make(chan struct{})
	opts := testOptions(newFakePortal())
	opts.Portal = ""
	opts.Settings = func() (string, LastChoices, error) {
		<-release // a settings file on a disk that takes its time
		return testPortal, LastChoices{RoomType: docspace.RoomCustom, Access: docspace.AccessComment}, nil
	}
	d := newDriver(t, opts, 80, 24)
	if d.m.cur != stepAction || !strings.Contains(d.screen(), "What would you like to do?") {
		t.Fatalf("the first frame waited for the settings file: on %s\n%s", d.m.cur, d.screen())
	}
	close(release)
	d.until("the remembered portal's key is checked", func() bool { return d.m.st.keyStatus == keyOK })
	if d.m.st.portal != testPortal || d.m.cur != stepAction {
		t.Errorf("portal %q, on %s: want the remembered portal and no portal step", d.m.st.portal, d.m.cur)
	}
	if d.m.st.d.roomType != docspace.RoomCustom || d.m.st.d.defaultAccess != docspace.AccessComment {
		t.Errorf("remembered choices not applied: type %v, access %v", d.m.st.d.roomType, d.m.st.d.defaultAccess)
	}
}

func TestSettingsDoNotOverrideFlags(t *testing.T) {
	opts := testOptions(newFakePortal())
	opts.Prefill = Prefill{Type: ptr(docspace.RoomPublic), Access: ptr(docspace.AccessContentCreator)}
	opts.Settings = func() (string, LastChoices, error) {
		return "https://other.example.com", LastChoices{RoomType: docspace.RoomCustom, Access: docspace.AccessComment}, nil
	}
	d := newDriver(t, opts, 80, 24)
	d.until("the key check", func() bool { return d.m.st.keyStatus == keyOK })
	if d.m.st.portal != testPortal {
		t.Errorf("portal %q: the remembered portal replaced the one given", d.m.st.portal)
	}
	if d.m.st.d.roomType != docspace.RoomPublic || d.m.st.d.defaultAccess != docspace.AccessContentCreator {
		t.Errorf("remembered choices replaced the flags: type %v, access %v", d.m.st.d.roomType, d.m.st.d.defaultAccess)
	}
}

func TestNoRememberedPortalAsksForOne(t *testing.T) {
	opts := testOptions(newFakePortal())
	opts.Portal = ""
	opts.Settings = func() (string, LastChoices, error) {
		return "", LastChoices{}, &settingsFileError{}
	}
	d := newDriver(t, opts, 80, 24)
	d.until("the portal step", func() bool { return d.m.cur == stepPortal })
	if s := d.screen(); !strings.Contains(s, "settings file is broken") || !strings.Contains(s, "Which DocSpace portal?") {
		t.Errorf("the portal step does not say why it asks:\n%s", s)
	}
}

type settingsFileError struct{}

func (*settingsFileError) Error() string { return "the settings file is broken: delete it" }
