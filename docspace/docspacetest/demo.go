package docspacetest

import (
	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// DemoKey is the API key of the demo portal's owner; it is obviously fake and only works on a demo portal.
const DemoKey = "sk-" + "de00de00de00de00de00de00de00de00" // demo key: fake, never a real secret

// Demo users' e-mail addresses, for tests and the --demo walkthrough.
const (
	DemoOwnerEmail     = "alex@demo.example"
	DemoRoomAdminEmail = "robin@demo.example"
	DemoUserEmail      = "dana@demo.example"
	DemoUser2Email     = "lee@demo.example"
	DemoGuestEmail     = "sam.guest@demo.example"
	// DemoPendingEmail is a guest invited to "Marketing Q3" who has not accepted yet.
	DemoPendingEmail = "kim.pending@demo.example"
)

// The demo portal's groups (Sales team: Dana and Lee; Support desk: Robin, Lee and
// Sam) and its room on third-party storage.
const (
	DemoGroupID         = "5a1e5000-7ea3-4d00-8000-00000000c0de"
	DemoGroupName       = "Sales team"
	DemoGroup2ID        = "5a1e5000-7ea3-4d00-8000-00000000beef"
	DemoGroup2Name      = "Support desk"
	DemoThirdPartyID    = "box-821"
	DemoThirdPartyTitle = "Board archive (Box)"
	demoPendingID       = "9e4d1e00-0000-4000-8000-00000000f00d"
)

// DemoTags are the demo portal's existing room tags.
var DemoTags = []string{"Finance", "Legal", "Q3 2025"}

// The demo portal's room templates (ids 90001 and 90002).
const (
	DemoTemplateVDR     = "Client onboarding"
	DemoTemplateProject = "Project kickoff"
)

// WithDemoData seeds a small realistic portal: an owner holding DemoKey with every
// scope, a room admin, two users, a guest, three rooms of different types, a few
// tags (DemoTags) and room quotas on. As a
// real portal does, it also has what the wizard only reads past: a room on Box
// storage with a text id (DemoThirdPartyID), a group (DemoGroupName) and a pending
// guest (DemoPendingEmail) in "Marketing Q3" with its invitation link, and the
// primary external link of the Public room "Press Kit"; and two room templates
// (DemoTemplateVDR, DemoTemplateProject). They are seeded after the
// rest, with fixed ids, so every other generated id is what it was before them.
func WithDemoData() Option {
	return func(p *Portal) {
		owner := p.AddUser(User{Email: DemoOwnerEmail, DisplayName: "Alex Admin", Role: RoleOwner})
		roomAdmin := p.AddUser(User{Email: DemoRoomAdminEmail, DisplayName: "Robin Rooms", Role: RoleRoomAdmin})
		dana := p.AddUser(User{Email: DemoUserEmail, DisplayName: "Dana Park", Role: RoleUser})
		lee := p.AddUser(User{Email: DemoUser2Email, DisplayName: "Lee Chen", Role: RoleUser})
		guest := p.AddUser(User{Email: DemoGuestEmail, DisplayName: "Sam Guest", Role: RoleGuest})
		p.AddKey(Key{Secret: DemoKey, Name: "Demo key", UserID: owner, Active: true})
		WithTags(DemoTags...)(p)
		p.roomQuotasOn = true // so --quota can be tried

		marketing := p.AddRoom("Marketing Q3", docspace.RoomCollaboration,
			Member{UserID: dana, Access: docspace.AccessEditing},
			Member{UserID: lee, Access: docspace.AccessRead},
			Member{UserID: guest, Access: docspace.AccessRead})
		p.AddRoom("Contracts 2025", docspace.RoomVirtualData,
			Member{UserID: roomAdmin, Access: docspace.AccessRoomManager},
			Member{UserID: dana, Access: docspace.AccessRead})
		p.AddRoom("Press Kit", docspace.RoomPublic, // with its primary external link
			Member{UserID: roomAdmin, Access: docspace.AccessContentCreator},
			Member{UserID: lee, Access: docspace.AccessContentCreator})

		p.AddGroup(Group{ID: DemoGroupID, Name: DemoGroupName, ManagerID: dana, Members: []string{dana, lee}})
		p.AddGroup(Group{ID: DemoGroup2ID, Name: DemoGroup2Name, Members: []string{roomAdmin, lee, guest}})
		pending := p.AddUser(User{ID: demoPendingID, Email: DemoPendingEmail, Role: RoleGuest, Pending: true})
		p.AddRoomMembers(marketing, Member{GroupID: DemoGroupID, Access: docspace.AccessRead},
			Member{UserID: pending, Access: docspace.AccessRead})
		p.AddRoomLink(marketing, Link{Kind: LinkInvitation, Access: docspace.AccessEditing})
		p.AddThirdPartyRoom(ThirdPartyRoom{Title: DemoThirdPartyTitle, Type: docspace.RoomCustom,
			Provider: "Box", ProviderID: 821,
			Members: []Member{{UserID: dana, Access: docspace.AccessEditing}}})
		p.AddTemplate(DemoTemplateVDR, docspace.RoomVirtualData, "clients", "confidential")
		p.AddTemplate(DemoTemplateProject, docspace.RoomCollaboration, "projects")
	}
}
