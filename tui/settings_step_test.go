package tui

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// settingsDriver is a wizard on the settings step for a new room of type t, the
// portal's tags and quota setting delivered.
func settingsDriver(t *testing.T, typ docspace.RoomType, pre Prefill, quotas bool) *driver {
	t.Helper()
	pre.Title, pre.Type = ptr("Deal room"), &typ
	opts := testOptions(goldenPortal())
	opts.Prefill = pre
	d := newDriver(t, opts, 80, 24)
	settled(d)
	d.goTo(stepSettings, "")
	d.send(settingsFactsMsg{tags: []string{"Finance", "Legal"}, covers: []string{"anchor", "bell"}, quotasOn: quotas})
	return d
}

// rowFlags are the flags of the rows the settings step shows.
func rowFlags(d *driver) []string {
	var out []string
	for _, r := range d.m.steps[stepSettings].(*settingsStep).rows {
		if r.part == "" {
			out = append(out, r.def.Flag)
		}
	}
	return out
}

// Each option set on the step reaches the plan's room options, read by its definition.
func TestSettingsStepSetsEachOption(t *testing.T) {
	d := settingsDriver(t, docspace.RoomVirtualData, Prefill{}, true)
	d.typeText("Fi")
	d.keys("right") // completes the portal's tag
	d.typeText(", Brand new")
	d.keys("down")
	d.typeText("#2db482")
	d.keys("down")
	d.typeText("anc")
	d.keys("right") // completes the portal's cover
	d.keys("down")
	d.typeText("10GB")
	d.keys("down", "space", "down", "space", "down")
	d.typeText("30")
	d.keys("down", "down", "space") // days; delete permanently
	d.keys("down", "right")         // watermark: viewer details
	d.keys("down", "space", "right", "space")
	d.keys("down", "right") // horizontal
	d.keys("enter")
	if d.m.cur != stepPeople {
		t.Fatalf("on %s after enter, want people:\n%s", d.m.cur, d.screen())
	}
	q := int64(10 << 30)
	want := docspace.RoomOptions{
		Tags: []string{"Finance", "Brand new"}, Color: "2DB482", Cover: "anchor", Quota: &q, Indexing: true, DenyDownload: true,
		Lifetime:  &docspace.Lifetime{Value: 30, Period: docspace.LifetimeDays, DeletePermanently: true},
		Watermark: &docspace.Watermark{Additions: docspace.WatermarkUserName | docspace.WatermarkUserEmail, Rotate: docspace.WatermarkHorizontal},
	}
	got := d.m.st.d.plan(d.m.st.users).NewRoom.Options
	if !reflect.DeepEqual(got, want) {
		t.Errorf("plan's options\n got %+v\nwant %+v", got.Set(), want.Set())
	}
	d.goTo(stepReview, "")
	scr := d.screen()
	for _, line := range want.Set() {
		// Wrapped, never cut: each word of each setting is on the review.
		for _, w := range strings.Fields(line) {
			if !strings.Contains(scr, w) {
				t.Errorf("review lacks %q of %q:\n%s", w, line, scr)
			}
		}
	}
}

// A bad value keeps the step and says why under its row; nothing bad reaches the plan.
func TestSettingsStepRefusesABadValue(t *testing.T) {
	d := settingsDriver(t, docspace.RoomVirtualData, Prefill{}, false)
	d.keys("down")
	d.typeText("blue")
	d.keys("enter")
	if d.m.cur != stepSettings {
		t.Fatalf("on %s, want settings", d.m.cur)
	}
	if scr := d.screen(); !strings.Contains(scr, "is not 6 hex digits") {
		t.Errorf("no sentence on the bad colour:\n%s", scr)
	}
	if d.m.st.d.options.Color != "" {
		t.Errorf("a bad colour reached the draft: %q", d.m.st.d.options.Color)
	}
}

// One key skips the step, and nothing is set.
func TestSettingsStepSkipsWithOneKey(t *testing.T) {
	d := settingsDriver(t, docspace.RoomCollaboration, Prefill{}, true)
	if scr := d.screen(); !strings.Contains(scr, "enter continue with none") {
		t.Errorf("the skip key is not shown:\n%s", scr)
	}
	d.keys("enter")
	if d.m.cur != stepPeople {
		t.Fatalf("on %s, want people", d.m.cur)
	}
	if set := d.m.st.d.plan(d.m.st.users).NewRoom.Options.Set(); len(set) != 0 {
		t.Errorf("skipping set %v", set)
	}
}

// Only what the type offers is shown; the quota only when the portal has room quotas on.
func TestSettingsStepShowsWhatTheTypeSupports(t *testing.T) {
	for _, typ := range docspace.RoomTypes() {
		for _, quotas := range []bool{false, true} {
			d := settingsDriver(t, typ, Prefill{}, quotas)
			want := []string{"tag", "color", "cover"}
			if quotas {
				want = append(want, "quota")
			}
			if typ == docspace.RoomVirtualData {
				want = append(want, "indexing", "deny-download", "lifetime", "watermark")
			}
			if got := rowFlags(d); !slices.Equal(got, want) {
				t.Errorf("%s, quotas %v: rows %v, want %v", typ, quotas, got, want)
			}
		}
	}
}

// Flags prefill the step: it shows them as set.
func TestSettingsStepShowsTheFlags(t *testing.T) {
	d := settingsDriver(t, docspace.RoomVirtualData, Prefill{Options: goldenOptions()}, false)
	scr := d.screen()
	for _, want := range []string{"Finance, Due diligence", "30", "days", "viewer details", "[x] user name [x] e-mail [x] IP [x] date [x] room name"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the step does not show %q:\n%s", want, scr)
		}
	}
	d.keys("enter")
	if got := d.m.st.d.options.Set(); !slices.Equal(got, goldenOptions().Set()) {
		t.Errorf("enter changed the flags' options: %v", got)
	}
}

// A type that lacks a set option: the review says so and sends the admin to the
// settings step, which leaves the option out and says which.
func TestSettingsAfterATypeChange(t *testing.T) {
	d := settingsDriver(t, docspace.RoomVirtualData, Prefill{Options: goldenOptions()}, false)
	d.m.st.d.roomType = docspace.RoomCollaboration
	d.goTo(stepReview, "")
	d.settle()
	if scr := d.screen(); !strings.Contains(scr, "File lifetime (--lifetime) is only for a Virtual data room") {
		t.Fatalf("the review does not show the problem:\n%s", scr)
	}
	if owner(docspace.FieldSettings) != stepSettings {
		t.Fatalf("settings problems are owned by %s", owner(docspace.FieldSettings))
	}
	d.keys("enter")
	if d.m.cur != stepSettings {
		t.Fatalf("enter on the review went to %s, want settings", d.m.cur)
	}
	scr := strings.Join(strings.Fields(d.screen()), " ")
	if !strings.Contains(scr, "Left out, as a Collaboration room does not offer them: File lifetime, Watermark.") {
		t.Errorf("no notice of the options left out:\n%s", scr)
	}
	if got := d.m.st.d.options.Set(); !slices.Equal(got, []string{"Tags: Finance, Due diligence"}) {
		t.Errorf("options after the type change: %v", got)
	}
}

// --accessible asks "Room settings?" and then each option the type offers, from the
// same definitions; the portal is sent exactly them.
func TestAccessibleAsksRoomSettings(t *testing.T) {
	portal, res, code, out := accessibleRun(t, Prefill{Title: ptr("Deal room"), Type: ptr(docspace.RoomVirtualData)},
		"y",            // room settings
		"Legal, Fresh", // tags
		"",             // colour
		"",             // cover
		"",             // quota (the demo has room quotas on)
		"n",            // indexing
		"y",            // deny download
		"30d",          // lifetime
		"text:Secret",  // watermark
		"",             // nobody
		"",             // access: the default
		"",             // nobody gets another level
		"",             // notify: yes
		"",             // invitation link: off (nobody is invited, so it is asked)
		"",             // no message
		"y",            // go ahead
		"n",            // no other room
	)
	if res.Room == nil {
		t.Fatalf("ended %v, no room; output:\n%s", code, out)
	}
	for _, want := range []string{"Room settings? (optional: tags, colour, cover, storage quota, automatic indexing", "Tags on the portal: ", "Covers on the portal: anchor, ", "File lifetime", "Setting: File lifetime: 30 days", `Setting: Watermark: "Secret" (diagonal)`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	r := portal.Requests()
	var body string
	for _, q := range r {
		if q.Method == "POST" && q.Path == "/api/2.0/files/rooms" {
			body = string(q.Body)
		}
	}
	for _, want := range []string{`"tags":["Legal","Fresh"]`, `"denyDownload":true`, `"lifetime":{"enabled":true,"value":30,"period":0`, `"text":"Secret"`} {
		if !strings.Contains(body, want) {
			t.Errorf("create body lacks %s: %s", want, body)
		}
	}
	if strings.Contains(body, "indexing") || strings.Contains(body, "quota") {
		t.Errorf("create body sends what was not set: %s", body)
	}
}

// A value half typed is not scolded; leaving its row says what is wrong with it.
func TestSettingsStepSaysAProblemOnceTheRowIsLeft(t *testing.T) {
	d := settingsDriver(t, docspace.RoomVirtualData, Prefill{}, false)
	d.keys("down", "down", "down", "down", "down")
	d.typeText("3x")
	const bad = `The file lifetime is a number of days, months or years`
	if scr := d.screen(); strings.Contains(scr, bad) {
		t.Errorf("a problem is said while typing:\n%s", scr)
	}
	d.keys("down")
	if scr := strings.Join(strings.Fields(d.screen()), " "); !strings.Contains(scr, bad) {
		t.Errorf("leaving the row does not say the problem:\n%s", scr)
	}
}

// The cover row names the portal's covers and completes them; what is picked is sent.
func TestSettingsStepOffersThePortalsCovers(t *testing.T) {
	d := settingsDriver(t, docspace.RoomCollaboration, Prefill{}, false)
	d.keys("down", "down")
	if scr := strings.Join(strings.Fields(d.screen()), " "); !strings.Contains(scr, "The portal's covers: anchor, bell.") {
		t.Errorf("the cover row does not list the portal's covers:\n%s", d.screen())
	}
	d.typeText("b")
	d.keys("right", "enter")
	if got := d.m.st.d.plan(d.m.st.users).NewRoom.Options.Cover; got != "bell" {
		t.Errorf("cover %q, want bell", got)
	}
}
