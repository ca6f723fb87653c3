package tui

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// A Room admin the portal cannot take is one problem on the review, in one wording,
// for someone not on the portal and for a user who is not an admin, and so is a level
// the room type refuses: the wizard's own checks, the plan's and the portal's check
// must not each add theirs.
func TestReviewListsTheRoomAdminProblemOnce(t *testing.T) {
	for _, tt := range []struct {
		name, who, level string
		rt               docspace.RoomType
		portal           bool // the portal's check decides: the wizard's look-up has not answered
	}{
		{"a level the type refuses", "new.person@example.com", "Editor", docspace.RoomPublic, false},
		{"a guest, found by the look-up", "new.person@example.com", "Room admin", docspace.RoomCustom, false},
		{"a user, found by the look-up", docspacetest.DemoUserEmail, "Room admin", docspace.RoomCustom, false},
		{"a guest, found by the portal's check", "new.person@example.com", "Room admin", docspace.RoomCustom, true},
		{"a user, found by the portal's check", docspacetest.DemoUserEmail, "Room admin", docspace.RoomCustom, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pre := Prefill{Title: ptr("Board"), Type: ptr(tt.rt), Invites: invites(tt.who + "=" + tt.level)}
			d, _ := demoDriver(t, pre, 120, 40)
			d.until("the key checked", func() bool { return d.m.st.keyStatus == keyOK })
			d.settle()
			if tt.portal {
				d.m.st.users = map[string]lookup{tt.who: {state: lookupPending}}
			}
			d.goTo(stepReview, "")
			r := d.m.steps[stepReview].(*reviewStep)
			if tt.portal {
				d.until("the portal's check of the plan", func() bool { return r.pre != nil })
			}
			d.settle()
			var about []string
			for _, p := range r.probs {
				if strings.Contains(p.Message, tt.who) {
					about = append(about, p.Message)
				}
			}
			if len(about) != 1 || !strings.Contains(about[0], tt.level) {
				t.Errorf("the review's problems about %s: %q, want one about %s", tt.who, about, tt.level)
			}
			if screen := d.screen(); len(about) == 0 || !strings.Contains(screen, "✗ "+about[0][:30]) || strings.Contains(screen, "more)") {
				t.Errorf("the review does not show the one problem alone:\n%s", screen)
			}
		})
	}
}
