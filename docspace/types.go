// Package docspace is a small typed client for the parts of the ONLYOFFICE DocSpace
// REST API that onboarding needs, plus the pure logic (invitee parsing, plan validation,
// execution) that the wizard and the scriptable path share. It has no UI.
package docspace

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RoomType is the kind of a DocSpace room, sent to the server as its number.
type RoomType int

// Room types the wizard offers. AI rooms (9) have their own flow and are left out.
const (
	RoomFillingForms  RoomType = 1
	RoomCollaboration RoomType = 2
	RoomCustom        RoomType = 5
	RoomPublic        RoomType = 6
	RoomVirtualData   RoomType = 8
)

// RoomTypes lists the room types in the order the wizard offers them.
func RoomTypes() []RoomType {
	return []RoomType{RoomCollaboration, RoomCustom, RoomPublic, RoomFillingForms, RoomVirtualData}
}

type roomTypeInfo struct {
	label, apiName, description string
	aliases                     []string
	allowed                     []Access
	defaultAccess               Access
}

// roomTypeTable is the allowed-access table from DOCSPACE-API.md; anything else is a 403.
var roomTypeTable = map[RoomType]roomTypeInfo{
	RoomCollaboration: {"Collaboration", "EditingRoom", "Edit documents together with your team.",
		[]string{"collaboration", "editing", "editingroom", "collab"},
		[]Access{AccessRoomManager, AccessContentCreator, AccessEditing, AccessRead}, AccessEditing},
	RoomCustom: {"Custom", "CustomRoom", "Any purpose: pick each person's rights yourself.",
		[]string{"custom", "customroom"},
		[]Access{AccessRoomManager, AccessContentCreator, AccessEditing, AccessReview, AccessComment, AccessRead}, AccessRead},
	RoomPublic: {"Public", "PublicRoom", "Share files with anyone through public links.",
		[]string{"public", "publicroom"},
		[]Access{AccessRoomManager, AccessContentCreator}, AccessContentCreator},
	RoomFillingForms: {"Form filling", "FillingFormsRoom", "Collect filled-in PDF forms from people.",
		[]string{"form filling", "formfilling", "form-filling", "forms", "fillingforms", "fillingformsroom"},
		[]Access{AccessRoomManager, AccessContentCreator, AccessFillForms}, AccessFillForms},
	RoomVirtualData: {"Virtual data room", "VirtualDataRoom", "Share confidential documents with tight control.",
		[]string{"virtual data room", "virtualdataroom", "vdr", "virtual-data-room", "data room", "dataroom"},
		[]Access{AccessRoomManager, AccessContentCreator, AccessEditing, AccessRead, AccessFillForms}, AccessRead},
}

// String returns the label users see ("Collaboration").
func (t RoomType) String() string {
	if i, ok := roomTypeTable[t]; ok {
		return i.label
	}
	return fmt.Sprintf("room type %d", int(t))
}

// APIName returns the server's name for the type ("EditingRoom").
func (t RoomType) APIName() string { return roomTypeTable[t].apiName }

// Description is a one-line explanation of what the room type is for.
func (t RoomType) Description() string { return roomTypeTable[t].description }

// Valid reports whether t is one of the room types the wizard supports.
func (t RoomType) Valid() bool { _, ok := roomTypeTable[t]; return ok }

// AllowedAccess lists the access levels the server accepts in a room of this type.
func (t RoomType) AllowedAccess() []Access {
	return append([]Access(nil), roomTypeTable[t].allowed...)
}

// Allows reports whether a room of this type accepts access a.
func (t RoomType) Allows(a Access) bool {
	for _, x := range roomTypeTable[t].allowed {
		if x == a {
			return true
		}
	}
	return false
}

// DefaultAccess is the access suggested for invitees of a room of this type.
func (t RoomType) DefaultAccess() Access { return roomTypeTable[t].defaultAccess }

// ParseRoomType accepts a label, an API name or a number, in any case.
func ParseRoomType(s string) (RoomType, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	if n, err := strconv.Atoi(key); err == nil {
		if RoomType(n).Valid() {
			return RoomType(n), nil
		}
	}
	for _, t := range RoomTypes() {
		i := roomTypeTable[t]
		if key == strings.ToLower(i.label) || key == strings.ToLower(i.apiName) {
			return t, nil
		}
		for _, a := range i.aliases {
			if key == a {
				return t, nil
			}
		}
	}
	return 0, fmt.Errorf("unknown room type %q: use one of collaboration, custom, public, form-filling, vdr", s)
}

// Access is a room access level (the server's FileShare), always sent as its number:
// a name the server cannot parse silently becomes 0 None, which removes access.
type Access int

// Access levels used in rooms.
const (
	AccessNone           Access = 0
	AccessReadWrite      Access = 1
	AccessRead           Access = 2
	AccessReview         Access = 5
	AccessComment        Access = 6
	AccessFillForms      Access = 7
	AccessRoomManager    Access = 9
	AccessEditing        Access = 10
	AccessContentCreator Access = 11
)

type accessInfo struct {
	label, apiName, description string
	aliases                     []string
}

var accessTable = map[Access]accessInfo{
	AccessRoomManager:    {"Room admin", "RoomManager", "Manages the room: invites people, changes rights, edits everything.", []string{"room admin", "roomadmin", "room-admin", "admin", "manager", "room manager"}},
	AccessContentCreator: {"Content creator", "ContentCreator", "Creates and edits files in the room, cannot manage people.", []string{"content creator", "contentcreator", "content-creator", "creator", "power user", "poweruser"}},
	AccessEditing:        {"Editor", "Editing", "Opens and edits files; cannot add new ones.", []string{"editor", "editing", "edit"}},
	AccessReview:         {"Reviewer", "Review", "Suggests changes with tracked changes on.", []string{"reviewer", "review"}},
	AccessComment:        {"Commenter", "Comment", "Reads files and leaves comments.", []string{"commenter", "comment"}},
	AccessRead:           {"Viewer", "Read", "Reads files only.", []string{"viewer", "read", "view", "readonly", "read-only", "read only"}},
	AccessFillForms:      {"Form filler", "FillForms", "Fills in and submits forms.", []string{"form filler", "formfiller", "form-filler", "fillforms", "fill forms", "filler"}},
	AccessReadWrite:      {"Full access", "ReadWrite", "Reads and writes (not used in rooms).", []string{"readwrite", "full access"}},
}

// String returns the label users see ("Editor").
func (a Access) String() string {
	if i, ok := accessTable[a]; ok {
		return i.label
	}
	if a == AccessNone {
		return "No access"
	}
	return fmt.Sprintf("access %d", int(a))
}

// APIName returns the server's name for the level ("Editing").
func (a Access) APIName() string {
	if a == AccessNone {
		return "None"
	}
	return accessTable[a].apiName
}

// Description is a one-line explanation of what a person with this access can do.
func (a Access) Description() string { return accessTable[a].description }

// accessRank orders the levels that are more or less of one another: Room admin above
// Content creator above Editor above Reviewer above Commenter above Viewer. Form filler
// is below Content creator and above Viewer, but neither above nor below the levels in
// between, which allow other things.
var accessRank = map[Access]int{
	AccessRoomManager: 6, AccessContentCreator: 5, AccessEditing: 4, AccessReview: 3, AccessComment: 2, AccessRead: 0,
}

// CompareAccess says whether going from one level to another raises (1) or lowers (-1)
// what the person may do; 0 when they are the same or neither is above the other.
func CompareAccess(from, to Access) int {
	if from == to {
		return 0
	}
	rank := func(a Access) (int, bool) { r, ok := accessRank[a]; return r, ok }
	rf, okf := rank(from)
	rt, okt := rank(to)
	if okf && okt {
		if rt > rf {
			return 1
		}
		return -1
	}
	// Form filler is comparable only with the levels above Editor and with Viewer.
	other, sign := to, 1
	if to == AccessFillForms {
		other, sign = from, -1
	} else if from != AccessFillForms {
		return 0
	}
	switch other {
	case AccessRoomManager, AccessContentCreator:
		return sign
	case AccessRead:
		return -sign
	}
	return 0
}

// AccessChange is "Editor → Viewer: lowers access": what a change of a member's access
// does, "" when there is no change to tell (the same level, or no level before).
func AccessChange(from, to Access) string {
	if from == to || from == AccessNone || to == AccessNone {
		return ""
	}
	what := "changes access"
	switch CompareAccess(from, to) {
	case 1:
		what = "raises access"
	case -1:
		what = "lowers access"
	}
	return fmt.Sprintf("%s → %s: %s", from, to, what)
}

// Valid reports whether a is a level that can be granted in some room.
func (a Access) Valid() bool {
	_, ok := accessTable[a]
	return ok && a != AccessReadWrite
}

// ParseAccess accepts a label, an API name or a number, in any case ("editor",
// "Editing", "10"). None is refused: sending it removes a person's access.
func ParseAccess(s string) (Access, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	if key == "" {
		return 0, fmt.Errorf("empty access level: use one of %s", accessChoices)
	}
	if n, err := strconv.Atoi(key); err == nil {
		if Access(n).Valid() {
			return Access(n), nil
		}
		return 0, fmt.Errorf("access %d is not a room access level: use one of %s", n, accessChoices)
	}
	for a, i := range accessTable {
		if a == AccessReadWrite {
			continue
		}
		if key == strings.ToLower(i.label) || key == strings.ToLower(i.apiName) {
			return a, nil
		}
		for _, al := range i.aliases {
			if key == al {
				return a, nil
			}
		}
	}
	return 0, fmt.Errorf("unknown access level %q: use one of %s", s, accessChoices)
}

const accessChoices = "room-admin, content-creator, editor, reviewer, commenter, viewer, form-filler"

// KeyInfo describes the API key in use (GET /api/2.0/keys/@self).
type KeyInfo struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	KeyPostfix  string     `json:"keyPostfix"`
	Permissions []string   `json:"permissions"`
	LastUsed    *time.Time `json:"lastUsed"`
	CreateOn    *time.Time `json:"createOn"`
	ExpiresAt   *time.Time `json:"expiresAt"`
	IsActive    bool       `json:"isActive"`
}

// HasScope reports whether the key grants scope (e.g. "rooms:write"). An empty
// permission list or "*" grants everything; "*:write" grants every write scope.
func (k KeyInfo) HasScope(scope string) bool {
	if len(k.Permissions) == 0 {
		return true
	}
	_, verb, _ := strings.Cut(scope, ":")
	for _, p := range k.Permissions {
		if p == "*" || p == scope || p == "*:"+verb {
			return true
		}
		// write implies read for the same area (and "*:write" every read), as on the server.
		if verb == "read" && (p == strings.TrimSuffix(scope, ":read")+":write" || p == "*:write") {
			return true
		}
	}
	return false
}

// User is a portal user (EmployeeFullDto, the fields the wizard needs).
type User struct {
	ID               string `json:"id"`
	DisplayName      string `json:"displayName"`
	Email            string `json:"email"`
	IsAdmin          bool   `json:"isAdmin"`
	IsRoomAdmin      bool   `json:"isRoomAdmin"`
	IsOwner          bool   `json:"isOwner"`
	IsVisitor        bool   `json:"isVisitor"`
	IsCollaborator   bool   `json:"isCollaborator"`
	ActivationStatus int    `json:"activationStatus"`
	CultureName      string `json:"cultureName"`
}

// ActivationPending is the activationStatus of a guest who has not accepted yet.
const ActivationPending = 2

// CanCreateRooms reports whether the server lets this user create rooms.
func (u User) CanCreateRooms() bool { return u.IsAdmin || u.IsOwner || u.IsRoomAdmin }

// CanBeRoomAdmin reports whether this user may hold the paid Room admin role.
func (u User) CanBeRoomAdmin() bool { return u.IsAdmin || u.IsOwner || u.IsRoomAdmin }

// PortalSettings are the portal-wide settings the wizard reads (GET /api/2.0/settings).
type PortalSettings struct {
	Version string `json:"version"`
	Culture string `json:"culture"`
	// InvitationLimit is how many more e-mail invitations the portal may send over its
	// rolling 24 hours (every e-mail entry of a share call counts, whichever request
	// sends it); meaningful only when InvitationsLimited, else 0.
	InvitationLimit int `json:"invitationLimit"`
	// InvitationsLimited is true when the portal has such a limit.
	InvitationsLimited bool `json:"-"`
}

// InvitationSettings says whom the portal lets admins invite by e-mail.
type InvitationSettings struct {
	AllowInvitingGuests  bool `json:"allowInvitingGuests"`
	AllowInvitingMembers bool `json:"allowInvitingMembers"`
}

// Room is a DocSpace room (a folder in the Rooms section).
type Room struct {
	ID          int      `json:"id"`
	Title       string   `json:"title"`
	RoomType    RoomType `json:"roomType"`
	ShortWebURL string   `json:"shortWebUrl,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	// Link is the room's page on the portal, filled in by the Client.
	Link string `json:"-"`
	// TextID is the text id of a room kept on third-party storage ("box-821"); such a
	// room has no ID and this tool does not change it (see ThirdPartyReason).
	TextID string `json:"textId,omitempty"`
	// Storage names the third-party storage of such a room ("Box"), when the portal says.
	Storage string `json:"storage,omitempty"`
	// Archived is true for a room in the Archive section (read-only, out of the rooms list).
	Archived bool `json:"archived,omitempty"`
}

// ThirdParty reports a room kept on third-party storage (Box, Dropbox, …).
func (r Room) ThirdParty() bool { return r.TextID != "" }

// Ref names the room for people: "#101", or "box-821" for a room on third-party storage.
func (r Room) Ref() string {
	if r.ThirdParty() {
		return r.TextID
	}
	return "#" + strconv.Itoa(r.ID)
}

// ThirdPartyReason is what the front-ends say about a room on third-party storage,
// which they list but do not change.
const ThirdPartyReason = "on third-party storage: manage it in DocSpace"

// CreateRoomRequest is the body of POST /api/2.0/files/rooms.
// Options are sent only where set: the server's defaults stand for the rest.
type CreateRoomRequest struct {
	Title    string   `json:"title"`
	RoomType RoomType `json:"roomType"`
	Tags     []string `json:"tags,omitempty"`
	RoomOptionFields
}

// Invitation is one entry of a share request: a user id or an e-mail, and an access level.
type Invitation struct {
	ID     string `json:"id,omitempty"`
	Email  string `json:"email,omitempty"`
	Access Access `json:"access"`
}

// InviteRequest is the body of PUT /api/2.0/files/rooms/{id}/share.
type InviteRequest struct {
	Invitations []Invitation `json:"invitations"`
	Notify      bool         `json:"notify"`
	Message     string       `json:"message,omitempty"`
	Culture     string       `json:"culture,omitempty"`
}

// InviteResponse is what the share call returns. Members lists only entries sent by id.
type InviteResponse struct {
	Members []Member `json:"members"`
	Warning string   `json:"warning"`
}

// Member is one person's access to a room (FileShareDto).
type Member struct {
	Access  Access `json:"access"`
	User    User   `json:"sharedToUser"`
	IsOwner bool   `json:"isOwner"`
	// Group is set instead of User for a group's entry (sharedToGroup).
	Group Group `json:"-"`
}

// MemberPage is one page of a room's members.
type MemberPage struct {
	// Members are the room's people; groups and links are counted apart.
	Members []Member
	// Total is the number of entries in the room's list (people and groups), across all pages.
	Total int
	// GroupEntries are the page's groups with their access (Member.Group set).
	GroupEntries []Member
	// Groups and Links count the page's entries for groups and links; Skipped counts
	// the entries that could not be read. None of them fails the page.
	Groups, Links, Skipped int
}

// RoomFilter selects rooms for ListRooms.
type RoomFilter struct {
	Filter     string // title substring; empty for all
	StartIndex int
	Count      int // at most 100; 0 means 100
}

// RoomPage is one page of rooms.
type RoomPage struct {
	Rooms []Room
	Total int
	// Skipped counts the items of the page that could not be read (no id, a field of
	// the wrong type, an unknown room type): set aside, never failing the page.
	Skipped int
}
