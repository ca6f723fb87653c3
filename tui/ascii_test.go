package tui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Under LANG=C every screen is ASCII and keeps its layout: each line as wide as in UTF-8.
func TestASCIIScreensKeepTheirLayout(t *testing.T) {
	for _, id := range []stepID{stepAction, stepPeople, stepAccess, stepReview} {
		opts := testOptions(goldenPortal())
		opts.Prefill = Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(goldenPeople)}
		opts.Getenv = envOf("LANG", "C")
		d := newDriver(t, opts, 80, 24)
		settled(d)
		d.goTo(id, "")
		if !d.m.st.ascii {
			t.Fatal("LANG=C did not switch to ASCII")
		}
		utf := d.m.render()
		frame := d.m.View().Content
		if !isASCII(frame) {
			t.Errorf("%s: the frame is not ASCII:\n%s", id, plain(frame))
		}
		a, u := strings.Split(plain(frame), "\n"), strings.Split(plain(utf), "\n")
		if len(a) != len(u) {
			t.Fatalf("%s: %d lines in ASCII, %d in UTF-8", id, len(a), len(u))
		}
		for i := range a {
			if ansiWidth(a[i]) != ansiWidth(u[i]) {
				t.Errorf("%s line %d: %q is %d wide, %q %d", id, i+1, a[i], ansiWidth(a[i]), u[i], ansiWidth(u[i]))
			}
		}
	}
}

func TestASCIIWriterKeepsSplitCharacters(t *testing.T) {
	var out bytes.Buffer
	w := asciiWriter(&out)
	text := []byte("✓ Zoë · 3 invited — 1–4 of 5 … 漢\n")
	for i := range text { // one byte at a time: every character arrives split
		if _, err := w.Write(text[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := out.String(), "+ Zo? | 3 invited -- 1-4 of 5 ... ??\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
