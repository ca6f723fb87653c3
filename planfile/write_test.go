package planfile

import (
	"context"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

func TestFromRunWritesAFileThatFindsTheRunInPlace(t *testing.T) {
	_, c := demoPortal(t)
	quota := int64(10 << 30)
	plan := docspace.Plan{
		NewRoom: &docspace.NewRoom{Title: "Deals: Q3 \"big\"", Type: docspace.RoomVirtualData, Options: docspace.RoomOptions{
			Tags: []string{"Finance", "yes"}, Color: "2DB482", Quota: &quota, Indexing: true, DenyDownload: true,
			Lifetime:  &docspace.Lifetime{Value: 6, Period: docspace.LifetimeMonths, DeletePermanently: true},
			Watermark: &docspace.Watermark{Text: "Secret; do not share", Rotate: docspace.WatermarkDiagonal},
		}},
		Invitees: []docspace.Invitee{
			{Email: "new@example.com", Access: docspace.AccessFillForms},
			{Email: docspacetest.DemoUserEmail, Access: docspace.AccessEditing},
		},
		Notify: true, Message: "Welcome: read the README",
	}
	res := c.Execute(context.Background(), plan, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("the run: %v", res.Err)
	}
	data := FromRun(plan, res)
	if !strings.HasPrefix(string(data), SchemaHint+"\n") {
		t.Errorf("no schema hint:\n%s", data)
	}
	f, err := Parse("saved.yaml", data)
	if err != nil {
		t.Fatalf("the saved file does not parse:\n%s\n%v", data, err)
	}
	r := f.Rooms[0]
	if r.Title != plan.NewRoom.Title || r.Type != docspace.RoomVirtualData || f.Message(r) != plan.Message ||
		strings.Join(r.Options.Set(), "; ") != strings.Join(plan.NewRoom.Options.Set(), "; ") {
		t.Errorf("read back %+v\nfrom:\n%s", r, data)
	}
	targets, err := Resolve(context.Background(), c, f)
	if err != nil {
		t.Fatal(err)
	}
	if targets[0].Writes() || targets[0].Count(ChangeNone) != 2 {
		t.Errorf("applying the saved file would change %+v\n%s", targets[0].Changes, data)
	}

	// A run into an existing room is saved by its id, without notifications.
	again := docspace.Plan{RoomID: res.Room.ID, Invitees: []docspace.Invitee{{Email: "more@example.com", Access: docspace.AccessRead}}}
	res2 := c.Execute(context.Background(), again, nil, nil)
	data = FromRun(again, res2)
	if f, err = Parse("saved.yaml", data); err != nil || f.Rooms[0].ID != res.Room.ID || f.Notify(f.Rooms[0]) || len(f.Rooms[0].People) != 1 {
		t.Errorf("saved %s\n%v", data, err)
	}
	if FromRun(plan, docspace.Result{}) != nil {
		t.Error("a run without a room is saved")
	}
}
