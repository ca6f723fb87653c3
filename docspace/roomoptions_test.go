package docspace

import (
	"strings"
	"testing"
)

func TestParseRoomOptionValues(t *testing.T) {
	if got, err := ParseSize("10GB"); err != nil || got != 10<<30 {
		t.Errorf("ParseSize(10GB) = %d, %v", got, err)
	}
	if got, err := ParseSize("500 mb"); err != nil || got != 500<<20 {
		t.Errorf("ParseSize(500 mb) = %d, %v", got, err)
	}
	if got, err := ParseSize("none"); err != nil || got != QuotaNone {
		t.Errorf("ParseSize(none) = %d, %v", got, err)
	}
	for _, bad := range []string{"", "GB", "-1GB", "0", "ten GB", "1e30TB", "NaN"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) took it", bad)
		}
	}
	lifetimes := map[string]Lifetime{
		"30d": {Value: 30, Period: LifetimeDays}, "6m": {Value: 6, Period: LifetimeMonths},
		"1y,delete": {Value: 1, Period: LifetimeYears, DeletePermanently: true}, "999 days": {Value: 999, Period: LifetimeDays},
	}
	for in, want := range lifetimes {
		if got, err := ParseLifetime(in); err != nil || got != want {
			t.Errorf("ParseLifetime(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"0d", "1000d", "30", "d", "30w", "30d,keep", "-5d"} {
		if _, err := ParseLifetime(bad); err == nil {
			t.Errorf("ParseLifetime(%q) took it", bad)
		}
	}
	w, err := ParseWatermark("info:user,email,ip,date,room")
	if err != nil || w.Additions != 31 || w.Rotate != WatermarkDiagonal {
		t.Errorf("info watermark = %+v, %v", w, err)
	}
	w, err = ParseWatermark("text:Top secret;horizontal")
	if err != nil || w.Text != "Top secret" || w.Rotate != WatermarkHorizontal || w.Additions != 0 {
		t.Errorf("text watermark = %+v, %v", w, err)
	}
	for _, bad := range []string{"", "info:", "info:user,shoe", "text:", "Confidential", "text:" + strings.Repeat("x", 256)} {
		if _, err := ParseWatermark(bad); err == nil {
			t.Errorf("ParseWatermark(%q) took it", bad)
		}
	}
	if c, err := ParseColor("#2db482"); err != nil || c != "2DB482" {
		t.Errorf("ParseColor = %q, %v", c, err)
	}
	for _, bad := range []string{"red", "12345", "1234567", "GGGGGG"} {
		if _, err := ParseColor(bad); err == nil {
			t.Errorf("ParseColor(%q) took it", bad)
		}
	}
	for _, bad := range []string{"a,,b", " ", strings.Repeat("t", MaxTagLength+1), "bell\a"} {
		if _, err := ParseTags(bad); err == nil {
			t.Errorf("ParseTags(%q) took it", bad)
		}
	}
}

// TestValidateRoomOptions: an option the type does not offer names the types that
// do; a bad value is refused; the quota needs the portal's room quotas on.
func TestValidateRoomOptions(t *testing.T) {
	ten := int64(10 << 30)
	zero := int64(0)
	tests := []struct {
		name  string
		typ   RoomType
		o     RoomOptions
		facts PortalFacts
		want  string // "" for no problem
	}{
		{"vdr takes everything", RoomVirtualData, RoomOptions{Tags: []string{"a"}, Color: "FFFFFF", Indexing: true, DenyDownload: true,
			Lifetime: &Lifetime{Value: 1, Period: LifetimeDays}, Watermark: &Watermark{Text: "x", Rotate: WatermarkDiagonal}}, PortalFacts{}, ""},
		{"tags on any type", RoomPublic, RoomOptions{Tags: []string{"a"}, Color: "000000"}, PortalFacts{}, ""},
		{"indexing on collaboration", RoomCollaboration, RoomOptions{Indexing: true}, PortalFacts{}, "Automatic indexing (--indexing) is only for a Virtual data room; a Collaboration room does not offer it"},
		{"deny download on custom", RoomCustom, RoomOptions{DenyDownload: true}, PortalFacts{}, "(--deny-download) is only for a Virtual data room"},
		{"lifetime on public", RoomPublic, RoomOptions{Lifetime: &Lifetime{Value: 3, Period: LifetimeDays}}, PortalFacts{}, "(--lifetime) is only for a Virtual data room"},
		{"watermark on forms", RoomFillingForms, RoomOptions{Watermark: &Watermark{Additions: 1}}, PortalFacts{}, "(--watermark) is only for a Virtual data room"},
		{"lifetime out of range", RoomVirtualData, RoomOptions{Lifetime: &Lifetime{Value: 1000}}, PortalFacts{}, "1 to 999"},
		{"watermark text too long", RoomVirtualData, RoomOptions{Watermark: &Watermark{Text: strings.Repeat("é", 256)}}, PortalFacts{}, "at most 255"},
		{"empty watermark", RoomVirtualData, RoomOptions{Watermark: &Watermark{}}, PortalFacts{}, "needs viewer details"},
		{"bad colour", RoomCustom, RoomOptions{Color: "#12"}, PortalFacts{}, "not 6 hex digits"},
		{"empty tag", RoomCustom, RoomOptions{Tags: []string{""}}, PortalFacts{}, "a tag is empty"},
		{"zero quota", RoomCustom, RoomOptions{Quota: &zero}, PortalFacts{}, "a size such as 10GB"},
		{"quota, setting unknown", RoomCustom, RoomOptions{Quota: &ten}, PortalFacts{}, ""},
		{"quota, quotas on", RoomCustom, RoomOptions{Quota: &ten}, PortalFacts{RoomQuotasKnown: true, RoomQuotasOn: true}, ""},
		{"quota, quotas off", RoomCustom, RoomOptions{Quota: &ten}, PortalFacts{RoomQuotasKnown: true}, "room quotas turned off"},
	}
	for _, tt := range tests {
		p := Plan{NewRoom: &NewRoom{Title: "Deal", Type: tt.typ, Options: tt.o}}
		probs := p.Validate(tt.facts)
		switch {
		case tt.want == "" && len(probs) > 0:
			t.Errorf("%s: problems %v", tt.name, probs)
		case tt.want != "" && (len(probs) != 1 || !strings.Contains(probs[0].Message, tt.want) || probs[0].Field != FieldSettings):
			t.Errorf("%s: problems %+v, want one settings problem saying %q", tt.name, probs, tt.want)
		}
	}
}
