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
)

// WithDemoData seeds a small realistic portal: an owner holding DemoKey with every
// scope, a room admin, two users, a guest, and three rooms of different types.
func WithDemoData() Option {
	return func(p *Portal) {
		owner := p.AddUser(User{Email: DemoOwnerEmail, DisplayName: "Alex Admin", Role: RoleOwner})
		roomAdmin := p.AddUser(User{Email: DemoRoomAdminEmail, DisplayName: "Robin Rooms", Role: RoleRoomAdmin})
		dana := p.AddUser(User{Email: DemoUserEmail, DisplayName: "Dana Park", Role: RoleUser})
		lee := p.AddUser(User{Email: DemoUser2Email, DisplayName: "Lee Chen", Role: RoleUser})
		guest := p.AddUser(User{Email: DemoGuestEmail, DisplayName: "Sam Guest", Role: RoleGuest})
		p.AddKey(Key{Secret: DemoKey, Name: "Demo key", UserID: owner, Active: true})

		p.AddRoom("Marketing Q3", docspace.RoomCollaboration,
			Member{UserID: dana, Access: docspace.AccessEditing},
			Member{UserID: lee, Access: docspace.AccessRead},
			Member{UserID: guest, Access: docspace.AccessRead})
		p.AddRoom("Contracts 2025", docspace.RoomVirtualData,
			Member{UserID: roomAdmin, Access: docspace.AccessRoomManager},
			Member{UserID: dana, Access: docspace.AccessRead})
		p.AddRoom("Press Kit", docspace.RoomPublic,
			Member{UserID: roomAdmin, Access: docspace.AccessContentCreator},
			Member{UserID: lee, Access: docspace.AccessContentCreator})
	}
}
