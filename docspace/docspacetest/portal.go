// Package docspacetest is an in-memory fake ONLYOFFICE DocSpace portal, in the style of
// net/http/httptest. It serves the calls the wizard makes, enforces the server's rules
// (see DOCSPACE-API.md: scopes, envelopes, empty 401/403, allowed access per room type,
// guests by e-mail, no transaction on share), records every request, and has knobs for
// latency, rate limits and injected faults. Tests, benchmarks and the --demo mode use it.
package docspacetest

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Unlimited is the invitationLimit the portal reports when no limit is configured.
const Unlimited = 2147483647

// Role is a portal user's type.
type Role int

// User types. RoleUser is the zero value.
const (
	RoleUser      Role = iota // an ordinary user ("User", isCollaborator)
	RoleOwner                 // the portal owner (also an admin)
	RoleAdmin                 // a DocSpace admin
	RoleRoomAdmin             // a room admin: may create rooms and hold Room admin access
	RoleGuest                 // a guest ("isVisitor"); invited by e-mail they start pending
)

// String names the role as the DocSpace UI does.
func (r Role) String() string {
	switch r {
	case RoleOwner:
		return "Owner"
	case RoleAdmin:
		return "DocSpace admin"
	case RoleRoomAdmin:
		return "Room admin"
	case RoleGuest:
		return "Guest"
	}
	return "User"
}

// managesRooms reports whether the role may create rooms and hold the Room admin access.
func (r Role) managesRooms() bool { return r == RoleOwner || r == RoleAdmin || r == RoleRoomAdmin }

// isAdmin reports whether the role sees and manages every room.
func (r Role) isAdmin() bool { return r == RoleOwner || r == RoleAdmin }

// User is a portal user to seed. An empty ID is generated; an empty DisplayName is
// derived from the e-mail.
type User struct {
	ID, Email, DisplayName string
	Role                   Role
	// Pending is true for a guest who has not accepted the invitation (activationStatus 2).
	Pending bool
	// Culture is the user's language (cultureName); "" is the portal's, en-US. A guest
	// invited by e-mail gets the share call's culture.
	Culture string
}

// culture is the user's language, the portal's when none is set.
func (u *User) culture() string {
	if u.Culture == "" {
		return "en-US"
	}
	return u.Culture
}

// DemoCultures are the languages the fake portal offers (GET settings/cultures),
// a few of a real portal's.
var DemoCultures = []string{"de", "en-GB", "en-US", "es", "fr", "it", "ja-JP", "pt-BR"}

// Key is an API key to seed. Active must be true for the key to work (see NewKey).
type Key struct {
	// Secret is what clients send after "Bearer ". It is never returned or recorded.
	Secret, Name string
	// UserID is the user the key acts as; empty means the portal owner.
	UserID string
	// Scopes limit the key; empty (or "*") allows everything.
	Scopes []string
	// ExpiresAt is when the key stops working; zero means never.
	ExpiresAt time.Time
	Active    bool
}

// NewKey returns an active key with the given secret and scopes, acting as the portal owner.
func NewKey(secret string, scopes ...string) Key {
	return Key{Secret: secret, Name: "Test key", Scopes: scopes, Active: true}
}

// Member is one person to put into a seeded room: by user ID or by e-mail (an unknown
// e-mail becomes a pending guest). Owner makes this person the room's owner. With
// GroupID instead, a seeded group (see AddGroup) becomes a member of the room.
type Member struct {
	UserID, Email string
	GroupID       string
	Access        docspace.Access
	Owner         bool
}

// Group is a portal group to seed. An empty ID is generated. ManagerID names the
// user who manages it (optional); GET .../share names the manager by userName.
type Group struct {
	ID, Name, ManagerID string
	// Members are the ids of the users in the group (the manager is not added).
	Members []string
}

// LinkKind is the kind of a room link.
type LinkKind int

// Link kinds, as GET .../share lists them (subjectType 3, 1 and 4).
const (
	LinkInvitation      LinkKind = iota // an invitation link (linkType 0)
	LinkExternal                        // an additional external link (linkType 1)
	LinkPrimaryExternal                 // the primary external link of a Public room (linkType 1)
)

// Link is a room link to seed; an empty ID is generated, an empty Title is the
// server's default, a zero Access is Read.
type Link struct {
	ID, Title string
	Kind      LinkKind
	Access    docspace.Access
	// Expires is when an invitation link stops working (zero: never); MaxUses how
	// many may join with it (0: no limit).
	Expires time.Time
	MaxUses int
}

// ThirdPartyRoom is a room kept on third-party storage, to seed: the portal lists it
// with the text id "<provider>-<providerID>" ("box-821"), providerItem true, its
// providerKey and providerId, as a DocSpace server does.
type ThirdPartyRoom struct {
	Title string
	Type  docspace.RoomType
	// Provider is the providerKey ("Box", "DropboxV2", "OneDrive", ...); ProviderID its number.
	Provider   string
	ProviderID int
	Members    []Member
}

// RateLimit configures per-key limits; a zero field means no limit of that kind.
type RateLimit struct {
	PerMinute      int // requests in any sliding minute
	ParallelReads  int // GETs in flight at once
	ParallelWrites int // POST/PUT/DELETE in flight at once
	WritesPerDay   int // POST/PUT/DELETE per day
}

// DocSpaceRateLimit returns the limits a DocSpace cloud portal applies.
func DocSpaceRateLimit() RateLimit {
	return RateLimit{PerMinute: 1500, ParallelReads: 50, ParallelWrites: 15, WritesPerDay: 10000}
}

// Fault is a failure to inject into matching requests.
type Fault struct {
	// Method ("" = any) and PathPrefix ("" = any) select the requests.
	Method, PathPrefix string
	// QueryHas, when set, must be part of the raw query (e.g. "searchArea=0" for the
	// room list, not the template list).
	QueryHas string
	// Status, when set, is answered with Body (and ContentType, guessed when empty)
	// instead of the real handler, before authentication, as a proxy would.
	Status      int
	Body        string
	ContentType string
	// RetryAfter, when set, is sent as the Retry-After header with Status.
	RetryAfter string
	// Times is how many requests the fault affects; 0 means every one.
	Times int
	// Drop closes the connection without an answer (a reset).
	Drop bool
	// Delay is waited before answering (alone, it only slows the request down).
	Delay time.Duration
	// AfterEntries, for a share call, applies the first N invitation entries and
	// then fails with 403 "The role is not available for this user type".
	AfterEntries int
}

// Request is one recorded request. The Authorization value is never stored.
type Request struct {
	Method, Path, Query string
	Body                []byte
	// Status is the answer's status; 0 when the connection was dropped or the client left.
	Status int
	At     time.Time
	// AuthPresent says an Authorization header was sent; AuthValid that it named a working key.
	AuthPresent, AuthValid bool
	// KeyName is the name of the key used, when valid.
	KeyName string
}

// Stats are counters over the portal's life.
type Stats struct {
	Requests  int // every request served, recorded or not
	Status429 int // requests refused by the rate limits
	// PeakParallelReads and PeakParallelWrites are the most authenticated GETs and writes
	// in flight at once, across all keys, with or without rate limits.
	PeakParallelReads  int
	PeakParallelWrites int
}

// NotificationKind says which e-mail the portal would have sent.
type NotificationKind int

// Notification kinds.
const (
	// NotifyGuestInvitation is the invitation a new (pending) guest always receives.
	NotifyGuestInvitation NotificationKind = iota
	// NotifyRoomAccess tells an existing user about new room access (only with notify: true).
	NotifyRoomAccess
)

// String names the kind.
func (k NotificationKind) String() string {
	if k == NotifyGuestInvitation {
		return "guest invitation"
	}
	return "room access"
}

// Notification is an e-mail the portal would have sent for a share call.
type Notification struct {
	Kind   NotificationKind
	RoomID int
	UserID string
	Email  string
	Access docspace.Access
	At     time.Time
}

// Option configures a Portal.
type Option func(*Portal)

// WithLatency delays every request by d (cut short when the client gives up).
func WithLatency(d time.Duration) Option { return func(p *Portal) { p.latency = d } }

// WithUser seeds a user.
func WithUser(u User) Option { return func(p *Portal) { p.AddUser(u) } }

// WithKey seeds an API key.
func WithKey(k Key) Option { return func(p *Portal) { p.AddKey(k) } }

// WithRoom seeds a room owned by the portal owner (or the member marked Owner).
func WithRoom(title string, t docspace.RoomType, members ...Member) Option {
	return func(p *Portal) { p.AddRoom(title, t, members...) }
}

// WithNumberedRooms seeds n Collaboration rooms owned by the portal owner, titled
// "Room 0001" to "Room n" (zero-padded to at least four digits, so no title holds
// another), for portals bigger than one client's room list (e.g. 5,008 rooms).
func WithNumberedRooms(n int) Option {
	return func(p *Portal) {
		width := max(4, len(strconv.Itoa(n)))
		for i := 1; i <= n; i++ {
			p.AddRoom(fmt.Sprintf("Room %0*d", width, i), docspace.RoomCollaboration)
		}
	}
}

// WithGroup seeds a portal group; seed it before the rooms that name it.
func WithGroup(g Group) Option { return func(p *Portal) { p.AddGroup(g) } }

// WithThirdPartyRoom seeds a room on third-party storage (see ThirdPartyRoom).
func WithThirdPartyRoom(tr ThirdPartyRoom) Option {
	return func(p *Portal) { p.AddThirdPartyRoom(tr) }
}

// WithGuestsAllowed sets the portal's allowInvitingGuests (default true).
func WithGuestsAllowed(allowed bool) Option { return func(p *Portal) { p.guestsAllowed = allowed } }

// WithInvitationLimit caps the e-mail invitations the whole portal sends over a rolling
// 24 hours, as the server's web:invitation-limit does: every e-mail entry of a share call
// counts (an existing user's address too), and settings report what is left; n <= 0
// means unlimited (the default).
func WithInvitationLimit(n int) Option {
	return func(p *Portal) {
		if n <= 0 {
			n = Unlimited
		}
		p.invitationLimit = n
	}
}

// invitationWindow is how long an e-mail invitation counts against the limit.
const invitationWindow = 24 * time.Hour

// invitationsLeftLocked is the number of e-mail invitations the portal may still send
// now (Unlimited without a limit), forgetting those older than the window.
func (p *Portal) invitationsLeftLocked() int {
	if p.invitationLimit == Unlimited {
		return Unlimited
	}
	cut := p.now().Add(-invitationWindow)
	i := 0
	for i < len(p.invitesSent) && !p.invitesSent[i].After(cut) {
		i++
	}
	p.invitesSent = p.invitesSent[i:]
	return max(p.invitationLimit-len(p.invitesSent), 0)
}

// WithRoomQuota makes room creation fail with 402 once the portal has n rooms.
func WithRoomQuota(n int) Option { return func(p *Portal) { p.roomQuota = n } }

// WithRateLimit enables per-key rate limits.
func WithRateLimit(rl RateLimit) Option { return func(p *Portal) { p.rate = rl } }

// WithClock sets the portal's clock (timestamps, key expiry, rate-limit windows).
func WithClock(now func() time.Time) Option { return func(p *Portal) { p.now = now } }

// WithMaxRecorded keeps only the last n requests in the log (0, the default, keeps all),
// so long demo sessions and benchmarks do not grow without bound.
func WithMaxRecorded(n int) Option { return func(p *Portal) { p.maxRecorded = n } }

// Portal is an in-memory DocSpace portal. It is safe for concurrent use.
type Portal struct {
	mu sync.Mutex

	now         func() time.Time
	latency     time.Duration
	url         string
	maxRecorded int

	users        []*User
	usersByID    map[string]*User
	usersByEmail map[string]*User // lower-cased e-mail
	keys         map[string]*keyState
	groups       map[string]*Group
	rooms        []*room          // in the order they were made (third-party ones too)
	roomsByID    map[int]*room    // the portal's own rooms
	roomsByText  map[string]*room // rooms on third-party storage, by lower-case text id
	nextRoomID   int
	seq          int

	guestsAllowed   bool
	invitationLimit int
	invitesSent     []time.Time            // when each e-mail entry of a share call was sent, oldest first
	resends         map[string][]time.Time // each user's resend calls, oldest first
	roomQuota       int
	roomQuotasOn    bool     // the room storage quota setting
	maxTotalSize    int64    // the portal's storage, bytes; 0 for the default
	tags            []string // the portal's room tags, in the order they were made

	rate     RateLimit
	limiters map[*keyState]*limiter
	inReads  int
	inWrites int

	// admitted, when set (by tests), is called while an admitted request is in flight.
	admitted func(*http.Request)

	tmpl templateState // room templates and their jobs (templates.go)

	faults        []*faultState
	requests      []Request
	removals      []Removal // access-None entries received (archive.go)
	archiveCalls  []int     // rooms PUT .../archive was called for
	notifications []Notification
	stats         Stats
}

type keyState struct {
	Key
	id       string
	created  time.Time
	lastUsed time.Time
}

type room struct {
	id       int    // 0 for a room on third-party storage
	textID   string // "box-821" for a room on third-party storage
	provider string // its providerKey ("Box")
	provID   int    // its providerId
	title    string
	typ      docspace.RoomType
	tags     []string
	created  time.Time
	ownerID  string
	short    string
	order    []string // member user IDs, owner first
	members  map[string]docspace.Access
	modified time.Time
	groups   []string // group IDs, in the order they were added
	groupAcc map[string]docspace.Access
	links    []*roomLink
	settings RoomSettings // the options it was created with
	archived bool         // moved to the Archive section (archive.go)
}

// roomLink is a seeded link of a room.
type roomLink struct {
	Link
	token string
}

// key is how requests name the room: its number, or its text id.
func (r *room) key() string {
	if r.textID != "" {
		return r.textID
	}
	return fmt.Sprint(r.id)
}

type faultState struct {
	Fault
	left int // remaining uses; ignored when Times == 0
}

// New returns a portal with in-memory state and no listener; serve it with ServeHTTP.
func New(opts ...Option) *Portal {
	p := &Portal{
		now:             time.Now,
		usersByID:       map[string]*User{},
		usersByEmail:    map[string]*User{},
		keys:            map[string]*keyState{},
		roomsByID:       map[int]*room{},
		roomsByText:     map[string]*room{},
		groups:          map[string]*Group{},
		nextRoomID:      101,
		guestsAllowed:   true,
		invitationLimit: Unlimited,
		limiters:        map[*keyState]*limiter{},
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// NewServer returns a portal and a started httptest server serving it; the caller closes the server.
func NewServer(opts ...Option) (*Portal, *httptest.Server) {
	p := New(opts...)
	s := httptest.NewServer(p)
	p.SetURL(s.URL)
	return p, s
}

// SetClock replaces the portal's clock (WithClock) while it runs: tests move time on.
func (p *Portal) SetClock(now func() time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.now = now
}

// URL returns the portal's base URL (set by NewServer or SetURL).
func (p *Portal) URL() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.url
}

// SetURL sets the portal's base URL, used in links such as shortWebUrl.
func (p *Portal) SetURL(u string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.url = strings.TrimSuffix(u, "/")
}

// newID returns a deterministic, UUID-shaped identifier.
func (p *Portal) newID(kind string) string {
	p.seq++
	return uuidOf(fmt.Sprintf("%s/%d", kind, p.seq))
}

// uuidOf returns a UUID-shaped identifier derived from name. Links and rooms on
// third-party storage take theirs from it, not from newID, so seeding them does not
// shift the identifiers of everything made after them.
func uuidOf(name string) string {
	h := sha256.Sum256([]byte(name))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// AddUser adds (or, for an existing ID, replaces) a user and returns its ID.
func (p *Portal) AddUser(u User) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.addUserLocked(u).ID
}

func (p *Portal) addUserLocked(u User) *User {
	if u.ID == "" {
		u.ID = p.newID("user")
	}
	if u.DisplayName == "" {
		u.DisplayName = displayNameFor(u.Email)
	}
	if old, ok := p.usersByID[u.ID]; ok {
		delete(p.usersByEmail, strings.ToLower(old.Email))
		*old = u
		if u.Email != "" {
			p.usersByEmail[strings.ToLower(u.Email)] = old
		}
		return old
	}
	nu := &u
	p.users = append(p.users, nu)
	p.usersByID[u.ID] = nu
	if u.Email != "" {
		p.usersByEmail[strings.ToLower(u.Email)] = nu
	}
	return nu
}

func displayNameFor(email string) string {
	if email == "" {
		return "Unnamed user"
	}
	return email
}

// ownerLocked returns the portal owner, creating one when the portal has none.
func (p *Portal) ownerLocked() *User {
	for _, u := range p.users {
		if u.Role == RoleOwner {
			return u
		}
	}
	return p.addUserLocked(User{Email: "owner@portal.example", DisplayName: "Portal Owner", Role: RoleOwner})
}

// AddKey adds (or, for the same secret, replaces) an API key and returns its ID. A key
// without a UserID acts as the portal owner; one whose user does not exist is answered with 401.
func (p *Portal) AddKey(k Key) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if k.Name == "" {
		k.Name = "API key"
	}
	k.Scopes = append([]string(nil), k.Scopes...)
	ks := &keyState{Key: k, id: p.newID("key"), created: p.now()}
	p.keys[k.Secret] = ks
	return ks.id
}

// SetKeyActive activates or revokes the key with the given secret; it reports whether the key exists.
func (p *Portal) SetKeyActive(secret string, active bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	k, ok := p.keys[secret]
	if ok {
		k.Active = active
	}
	return ok
}

// AddRoom adds a room owned by the portal owner (or the member marked Owner) and returns its ID.
// Seed users before the rooms that name them; without an owner, a default one is created.
func (p *Portal) AddRoom(title string, t docspace.RoomType, members ...Member) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.newRoomLocked(title, t, p.ownerOfLocked(members), nil)
	p.seedMembersLocked(r, members)
	return r.id
}

// AddRoomMembers puts seeded people and groups into an existing room (by its number);
// it reports whether the room exists. Owner is ignored.
func (p *Portal) AddRoomMembers(roomID int, members ...Member) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.roomsByID[roomID]
	if ok {
		p.seedMembersLocked(r, members)
	}
	return ok
}

// ownerOfLocked returns the owner among seeded members, or the portal owner.
func (p *Portal) ownerOfLocked(members []Member) string {
	owner := p.ownerLocked().ID
	for _, m := range members {
		if m.Owner {
			if u := p.seedMemberLocked(m); u != nil {
				owner = u.ID
			}
		}
	}
	return owner
}

// seedMembersLocked puts seeded people and groups into r.
func (p *Portal) seedMembersLocked(r *room, members []Member) {
	for _, m := range members {
		if m.GroupID != "" {
			if _, ok := p.groups[m.GroupID]; ok {
				r.setGroup(m.GroupID, m.Access)
			}
			continue
		}
		if u := p.seedMemberLocked(m); u != nil && u.ID != r.ownerID {
			r.set(u.ID, m.Access)
		}
	}
}

// AddThirdPartyRoom adds a room on third-party storage, owned by the portal owner
// (or the member marked Owner), and returns its text id ("box-821"). The room is
// listed by GET /api/2.0/files/rooms among the others, and requests naming its text
// id (GET .../rooms/box-821, GET and PUT .../share) are served as for any room, as
// the server's string-id controller does. Portal.Room and Members, which take a
// number, do not find it.
func (p *Portal) AddThirdPartyRoom(tr ThirdPartyRoom) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if tr.Provider == "" {
		tr.Provider = "Box"
	}
	if tr.ProviderID <= 0 {
		tr.ProviderID = 800 + len(p.roomsByText) + 1
	}
	if tr.Type == 0 {
		tr.Type = docspace.RoomCustom
	}
	owner := p.ownerOfLocked(tr.Members)
	textID := fmt.Sprintf("%s-%d", strings.ToLower(tr.Provider), tr.ProviderID)
	r := p.makeRoomLocked(tr.Title, tr.Type, owner, nil, uuidOf("short/" + textID)[:8])
	r.provider, r.provID, r.textID = tr.Provider, tr.ProviderID, textID
	p.roomsByText[r.textID] = r
	p.seedMembersLocked(r, tr.Members)
	return r.textID
}

// AddGroup adds (or, for an existing ID, replaces) a portal group and returns its ID.
func (p *Portal) AddGroup(g Group) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if g.ID == "" {
		g.ID = p.newID("group")
	}
	if g.Name == "" {
		g.Name = "Group"
	}
	p.groups[g.ID] = &g
	return g.ID
}

// AddRoomLink adds a link to a room (by its number) and returns the link's ID; it
// returns "" when there is no such room. GET .../share lists links only when its
// filterType asks for them, as the server does.
func (p *Portal) AddRoomLink(roomID int, l Link) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.roomsByID[roomID]
	if !ok {
		return ""
	}
	return p.addLinkLocked(r, l).ID
}

func (p *Portal) addLinkLocked(r *room, l Link) *roomLink {
	name := fmt.Sprintf("link/%s/%d", r.key(), len(r.links))
	if l.ID == "" {
		l.ID = uuidOf(name)
	}
	if l.Access == docspace.AccessNone {
		l.Access = docspace.AccessRead
	}
	if l.Title == "" {
		l.Title = "Invitation link"
		if l.Kind != LinkInvitation {
			l.Title = "Shared link"
		}
	}
	rl := &roomLink{Link: l, token: strings.ReplaceAll(uuidOf("token/"+name), "-", "")[:16]}
	r.links = append(r.links, rl)
	return rl
}

// removeGroup takes a group out of the room; false when it was not in.
func (r *room) removeGroup(groupID string) bool {
	if _, ok := r.groupAcc[groupID]; !ok {
		return false
	}
	delete(r.groupAcc, groupID)
	r.groups = slices.DeleteFunc(r.groups, func(id string) bool { return id == groupID })
	return true
}

// setGroup gives a group access in the room.
func (r *room) setGroup(groupID string, a docspace.Access) {
	if _, ok := r.groupAcc[groupID]; !ok {
		r.groups = append(r.groups, groupID)
	}
	r.groupAcc[groupID] = a
}

// seedMemberLocked resolves a seeded member, creating a pending guest for an unknown e-mail.
func (p *Portal) seedMemberLocked(m Member) *User {
	if m.UserID != "" {
		return p.usersByID[m.UserID]
	}
	if m.Email == "" {
		return nil
	}
	if u, ok := p.usersByEmail[strings.ToLower(m.Email)]; ok {
		return u
	}
	return p.addUserLocked(User{Email: m.Email, Role: RoleGuest, Pending: true})
}

// newRoomLocked makes one of the portal's own rooms, with the next number. A Public
// room gets its primary external link, as the server makes one with the room.
func (p *Portal) newRoomLocked(title string, t docspace.RoomType, ownerID string, tags []string) *room {
	r := p.makeRoomLocked(title, t, ownerID, tags, p.newID("short")[:8])
	r.id = p.nextRoomID
	p.nextRoomID++
	p.roomsByID[r.id] = r
	if t == docspace.RoomPublic {
		p.addLinkLocked(r, Link{Kind: LinkPrimaryExternal, Access: docspace.AccessRead})
	}
	return r
}

// makeRoomLocked makes a room without an id, owned by ownerID, and lists it.
func (p *Portal) makeRoomLocked(title string, t docspace.RoomType, ownerID string, tags []string, short string) *room {
	now := p.now()
	r := &room{
		title: title, typ: t, tags: append([]string{}, tags...), created: now, modified: now,
		ownerID: ownerID, short: short,
		members: map[string]docspace.Access{}, groupAcc: map[string]docspace.Access{},
	}
	r.set(ownerID, docspace.AccessRoomManager)
	p.rooms = append(p.rooms, r)
	return r
}

// set gives userID access in the room; it reports whether anything changed.
func (r *room) set(userID string, a docspace.Access) bool {
	old, ok := r.members[userID]
	if ok && old == a {
		return false
	}
	if !ok {
		r.order = append(r.order, userID)
	}
	r.members[userID] = a
	return true
}

// remove takes userID out of the room; it reports whether they were a member.
func (r *room) remove(userID string) bool {
	if _, ok := r.members[userID]; !ok || userID == r.ownerID {
		return false
	}
	delete(r.members, userID)
	for i, id := range r.order {
		if id == userID {
			r.order = append(r.order[:i], r.order[i+1:]...)
			break
		}
	}
	return true
}

// InjectFault adds a fault; faults are tried in the order they were injected.
func (p *Portal) InjectFault(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = append(p.faults, &faultState{Fault: f, left: f.Times})
}

// ClearFaults removes every injected fault.
func (p *Portal) ClearFaults() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = nil
}

// takeFault returns the first fault matching the request and uses it up once;
// AfterEntries faults only match share calls.
func (p *Portal) takeFault(method, path, query string, shareCall bool) *Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, f := range p.faults {
		if (f.Method != "" && !strings.EqualFold(f.Method, method)) || !strings.HasPrefix(path, f.PathPrefix) ||
			!strings.Contains(query, f.QueryHas) ||
			(f.AfterEntries > 0 && f.Status == 0 && !f.Drop && !shareCall) {
			continue
		}
		out := f.Fault
		if f.Times > 0 {
			f.left--
			if f.left <= 0 {
				p.faults = append(p.faults[:i:i], p.faults[i+1:]...)
			}
		}
		return &out
	}
	return nil
}

// Requests returns a copy of the recorded requests, in the order they finished.
func (p *Portal) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Request, len(p.requests))
	copy(out, p.requests)
	return out
}

// ResetRequests forgets the recorded requests (counters in Stats are kept).
func (p *Portal) ResetRequests() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests = nil
}

// Count returns how many recorded requests have the method ("" = any) and a path with the prefix.
func (p *Portal) Count(method, pathPrefix string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, r := range p.requests {
		if (method == "" || strings.EqualFold(method, r.Method)) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// Stats returns the portal's counters.
func (p *Portal) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Notifications returns the e-mails the portal would have sent, in order.
func (p *Portal) Notifications() []Notification {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Notification(nil), p.notifications...)
}

// Users returns every user, in the order they were added.
func (p *Portal) Users() []User {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]User, len(p.users))
	for i, u := range p.users {
		out[i] = *u
	}
	return out
}

// UserByEmail finds a user by e-mail, case-insensitively.
func (p *Portal) UserByEmail(email string) (User, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u, ok := p.usersByEmail[strings.ToLower(email)]
	if !ok {
		return User{}, false
	}
	return *u, true
}

// Rooms returns every room, by ascending ID: rooms on third-party storage (ID 0, with
// a TextID) come first, in the order they were added.
func (p *Portal) Rooms() []docspace.Room {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]docspace.Room, 0, len(p.rooms))
	for _, r := range p.rooms {
		out = append(out, p.roomValueLocked(r))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Room returns one room.
func (p *Portal) Room(id int) (docspace.Room, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.roomsByID[id]
	if !ok {
		return docspace.Room{}, false
	}
	return p.roomValueLocked(r), true
}

func (p *Portal) roomValueLocked(r *room) docspace.Room {
	base := p.url
	if base == "" {
		base = defaultBase
	}
	out := docspace.Room{
		ID: r.id, Title: r.title, RoomType: r.typ,
		ShortWebURL: base + "/s/" + r.short,
		Tags:        append([]string(nil), r.tags...),
	}
	if r.textID != "" {
		out.TextID, out.Storage = r.textID, r.provider
	} else {
		out.Link = fmt.Sprintf("%s/rooms/shared/%d/filter?folder=%d", base, r.id, r.id)
	}
	return out
}

// defaultBase stands in for the portal URL when none is known.
const defaultBase = "http://docspace.invalid"

// Members returns a room's members, owner first; nil when the room does not exist.
func (p *Portal) Members(roomID int) []docspace.Member {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.roomsByID[roomID]
	if !ok {
		return nil
	}
	out := make([]docspace.Member, 0, len(r.order))
	for _, id := range r.order {
		u := p.usersByID[id]
		if u == nil {
			continue
		}
		out = append(out, docspace.Member{Access: r.members[id], User: apiUser(u), IsOwner: id == r.ownerID})
	}
	return out
}

// RoomGroups returns the ids of the groups in a room with their access; nil when the
// room does not exist.
func (p *Portal) RoomGroups(roomID int) map[string]docspace.Access {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.roomsByID[roomID]
	if !ok {
		return nil
	}
	return maps.Clone(r.groupAcc)
}

// apiUser converts a seeded user to the client's view of it.
func apiUser(u *User) docspace.User {
	status := 1
	if u.Pending {
		status = docspace.ActivationPending
	}
	return docspace.User{
		ID: u.ID, DisplayName: displayName(u), Email: u.Email,
		IsAdmin: u.Role.isAdmin(), IsRoomAdmin: u.Role == RoleRoomAdmin, IsOwner: u.Role == RoleOwner,
		IsVisitor: u.Role == RoleGuest, IsCollaborator: u.Role == RoleUser,
		ActivationStatus: status, CultureName: u.culture(),
	}
}
