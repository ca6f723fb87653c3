package onboard

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

func TestReadRoomOptionFlags(t *testing.T) {
	in := Inputs{Title: "Deal", Type: "vdr", Settings: map[string][]string{
		"tag": {"Legal, Q3", "Legal"}, "indexing": {"true"}, "lifetime": {"30d"}, "watermark": {"info:user,date"},
	}}
	p, probs := Plan(in, nil, func(s string) string { return s })
	if len(probs) > 0 {
		t.Fatalf("problems %v", probs)
	}
	o := p.NewRoom.Options
	if strings.Join(o.Tags, "|") != "Legal|Q3" || !o.Indexing || o.Lifetime == nil || o.Lifetime.Value != 30 ||
		o.Watermark == nil || o.Watermark.Additions != docspace.WatermarkUserName|docspace.WatermarkDate {
		t.Errorf("options %+v", o)
	}
	if got, want := SettingsLine(o), "Tags: Legal, Q3; Automatic indexing: on; File lifetime: 30 days; Watermark: user name, date (diagonal)"; got != want {
		t.Errorf("SettingsLine = %q, want %q", got, want)
	}
	a, probs := Read(Inputs{Settings: map[string][]string{"lifetime": {"soon"}, "indexing": {"maybe"}}}, nil)
	if len(probs) != 2 || !strings.HasPrefix(probs[0], "--indexing: ") || !strings.HasPrefix(probs[1], "--lifetime: ") {
		t.Errorf("problems %q", probs)
	}
	if a.Options.Lifetime != nil {
		t.Errorf("a bad lifetime was kept: %+v", a.Options.Lifetime)
	}
}
