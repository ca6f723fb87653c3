package cli

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// createBodies are the bodies of the create calls the portal received.
func createBodies(t *testing.T, rig *cliRig) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range rig.portal.Requests() {
		if r.Method == "POST" && r.Path == "/api/2.0/files/rooms" {
			var m map[string]any
			if err := json.Unmarshal(r.Body, &m); err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
		}
	}
	return out
}

// TestYesSendsExactlyEachOption: each option flag adds its one field to the create
// call, with the server's encoding, and nothing else.
func TestYesSendsExactlyEachOption(t *testing.T) {
	tests := []struct {
		flag   string
		values []string
		field  string
		want   string // the field's JSON
	}{
		{"tag", []string{"Legal", "Deals, 2025"}, "tags", `["Legal","Deals","2025"]`},
		{"color", []string{"#2db482"}, "color", `"2DB482"`},
		{"cover", []string{"anchor"}, "cover", `"anchor"`},
		{"quota", []string{"10GB"}, "quota", `10737418240`},
		{"quota", []string{"none"}, "quota", `-1`},
		{"indexing", []string{"true"}, "indexing", `true`},
		{"deny-download", []string{"true"}, "denyDownload", `true`},
		{"lifetime", []string{"30d"}, "lifetime", `{"deletePermanently":false,"enabled":true,"period":0,"value":30}`},
		{"lifetime", []string{"1y,delete"}, "lifetime", `{"deletePermanently":true,"enabled":true,"period":2,"value":1}`},
		{"watermark", []string{"info:user,email,room"}, "watermark", `{"additions":19,"enabled":true,"rotate":-45}`},
		{"watermark", []string{"text:Confidential;horizontal"}, "watermark", `{"enabled":true,"rotate":0,"text":"Confidential"}`},
	}
	for _, tt := range tests {
		t.Run(tt.flag+" "+strings.Join(tt.values, " "), func(t *testing.T) {
			rig := newCLIRig(t, nil)
			opts := RunOptions{Title: "Deal room", Type: "vdr", Settings: map[string][]string{tt.flag: tt.values}}
			if code := runWith(t, rig.te, opts); code != onboard.EndDone {
				t.Fatalf("ended %v\n%s", code, rig.te.err)
			}
			bodies := createBodies(t, rig)
			if len(bodies) != 1 {
				t.Fatalf("%d creates", len(bodies))
			}
			keys := slices.Sorted(maps.Keys(bodies[0]))
			if want := slices.Sorted(slices.Values([]string{"title", "roomType", tt.field})); !slices.Equal(keys, want) {
				t.Errorf("sent fields %v, want %v", keys, want)
			}
			if got, _ := json.Marshal(bodies[0][tt.field]); string(got) != tt.want {
				t.Errorf("%s = %s, want %s", tt.field, got, tt.want)
			}
			// Only a quota needs the portal's setting: no other option costs a call.
			if n := rig.portal.Count("GET", "/api/2.0/portal/payment/quota"); (n == 1) != (tt.flag == "quota") {
				t.Errorf("read the quota setting %d times", n)
			}
			if !strings.Contains(rig.te.err.String(), "Creating room \"Deal room\" (Virtual data room; ") {
				t.Errorf("progress does not say what was set:\n%s", rig.te.err)
			}
		})
	}
}

// TestYesRefusesAnOptionTheTypeLacks: every Virtual-data-room option with every
// other type ends invalid (exit 2) with a sentence naming the type, and nothing sent.
func TestYesRefusesAnOptionTheTypeLacks(t *testing.T) {
	values := map[string]string{"indexing": "true", "deny-download": "true", "lifetime": "30d", "watermark": "info:user"}
	for _, s := range docspace.RoomSettings() {
		for _, rt := range docspace.RoomTypes() {
			if s.Supports(rt) {
				continue
			}
			t.Run(s.Flag+" "+rt.String(), func(t *testing.T) {
				rig := newCLIRig(t, nil)
				opts := RunOptions{Title: "R", Type: rt.APIName(), Settings: map[string][]string{s.Flag: {values[s.Flag]}}}
				if code := runWith(t, rig.te, opts); code != onboard.EndInvalid {
					t.Errorf("ended %v, want invalid\n%s", code, rig.te.err)
				}
				if want := "(--" + s.Flag + ") is only for a Virtual data room; a " + rt.String() + " room"; !strings.Contains(rig.te.err.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, rig.te.err)
				}
				if n := len(rig.portal.Requests()); n != 0 {
					t.Errorf("%d requests sent", n)
				}
			})
		}
	}
}

// TestYesRefusesAQuotaWhenRoomQuotasAreOff: the check reads the setting, and the run
// ends invalid before anything is written.
func TestYesRefusesAQuotaWhenRoomQuotasAreOff(t *testing.T) {
	rig := newCLIRig(t, nil)
	rig.portal.SetRoomQuotas(false)
	opts := RunOptions{Title: "Q", Type: "custom", Settings: map[string][]string{"quota": {"500MB"}}}
	if code := runWith(t, rig.te, opts); code != onboard.EndInvalid {
		t.Errorf("ended %v, want invalid\n%s", code, rig.te.err)
	}
	if !strings.Contains(rig.te.err.String(), "room quotas turned off") {
		t.Errorf("no sentence:\n%s", rig.te.err)
	}
	for _, r := range rig.portal.Requests() {
		if r.Method != "GET" {
			t.Errorf("wrote %s %s", r.Method, r.Path)
		}
	}
	if rig.portal.Count("GET", "/api/2.0/portal/payment/quota") != 1 {
		t.Error("the quota setting was not read")
	}
}

// TestYesBadOptionValuesAndExistingRooms: values that cannot be read, and options
// with --room, are problems listed before anything is sent.
func TestYesBadOptionValuesAndExistingRooms(t *testing.T) {
	tests := []struct {
		opts RunOptions
		says string
	}{
		{RunOptions{Title: "R", Type: "vdr", Settings: map[string][]string{"lifetime": {"1000d"}}}, "--lifetime: the lifetime \"1000d\" is out of range"},
		{RunOptions{Title: "R", Type: "vdr", Settings: map[string][]string{"color": {"red"}}}, "--color: the colour \"red\" is not 6 hex digits"},
		{RunOptions{Title: "R", Type: "vdr", Settings: map[string][]string{"tag": {"a,,b"}}}, "--tag: a tag is empty"},
		{RunOptions{Title: "R", Type: "vdr", Settings: map[string][]string{"watermark": {"Confidential"}}}, "--watermark: the watermark"},
		{RunOptions{Title: "R", Type: "vdr", Settings: map[string][]string{"quota": {"lots"}}}, "--quota: the size \"lots\""},
		{RunOptions{RoomID: 101, Invites: []string{"a@example.com"}, Settings: map[string][]string{"tag": {"x"}}}, "--tag set up a new room"},
	}
	for _, tt := range tests {
		rig := newCLIRig(t, nil)
		if code := runWith(t, rig.te, tt.opts); code != onboard.EndInvalid {
			t.Errorf("%v: ended %v", tt.opts.Settings, code)
		}
		if !strings.Contains(rig.te.err.String(), tt.says) {
			t.Errorf("stderr lacks %q:\n%s", tt.says, rig.te.err)
		}
		if n := len(rig.portal.Requests()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	}
}
