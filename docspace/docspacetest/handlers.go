package docspacetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Server messages the wizard's users may see.
const (
	msgUserNotFound   = "The user could not be found"
	msgFolderNotFound = "Folder not found"
	msgNoCreate       = "You don't have enough permission to create"
	msgRoleNotAllowed = "The role is not available for this user type"
	msgLimitExceeded  = "Invitation limit is exceeded"
	msgGuestsDisabled = "You don't have enough permission to invite guests"
	msgAccessDenied   = "Access denied"
	msgRoomQuota      = "The room count quota is exceeded"
	msgRoomType       = "The room type is not supported"
	msgEmptyTitle     = "The room title cannot be empty"
)

func (p *Portal) serveKeySelf(c *apiCall) {
	p.mu.Lock()
	k := c.key
	perms := append([]string{}, k.Scopes...)
	dto := apiKeyDTO{
		ID: k.id, Name: k.Name, KeyPostfix: postfix(k.Secret), Permissions: perms,
		LastUsed: isoTime(k.lastUsed), CreateOn: isoTime(k.created), ExpiresAt: isoTime(k.ExpiresAt),
		IsActive: k.Active,
	}
	e := employee(c.user, c.base)
	dto.CreateBy = &e
	p.mu.Unlock()
	writeOK(c, dto, 1, nil)
}

// postfix shows the last four characters of a secret, never more.
func postfix(secret string) string {
	if len(secret) <= 8 {
		return "...."
	}
	return "...." + secret[len(secret)-4:]
}

func (p *Portal) serveSelf(c *apiCall) {
	p.mu.Lock()
	dto := employeeFull(c.user, c.base)
	p.mu.Unlock()
	writeOK(c, dto, 1, nil)
}

func (p *Portal) serveUserByEmail(c *apiCall) {
	email := strings.TrimSpace(c.r.URL.Query().Get("email"))
	if email == "" {
		writeError(c.w, http.StatusBadRequest, "Incorrect email")
		return
	}
	p.mu.Lock()
	u, ok := p.usersByEmail[strings.ToLower(email)]
	var dto employeeFullDTO
	if ok {
		dto = employeeFull(u, c.base)
	}
	p.mu.Unlock()
	if !ok {
		writeError(c.w, http.StatusNotFound, msgUserNotFound)
		return
	}
	writeOK(c, dto, 1, nil)
}

func (p *Portal) serveSettings(c *apiCall) {
	p.mu.Lock()
	owner := "00000000-0000-0000-0000-000000000000"
	for _, u := range p.users {
		if u.Role == RoleOwner {
			owner = u.ID
			break
		}
	}
	dto := settingsDTO{
		Timezone: "UTC", TrustedDomains: []string{}, Culture: "en-US", UtcOffset: "00:00:00",
		GreetingSettings: "DocSpace", OwnerID: owner, DocSpace: true, BaseDomain: "docspace.invalid",
		Version: "3.7.0", TenantAlias: "demo", DisplayAbout: true,
		InvitationLimit: p.invitationsLeftLocked(), MaxImageUploadSize: 1 << 20,
	}
	p.mu.Unlock()
	writeOK(c, dto, 1, nil)
}

func (p *Portal) serveInvitationSettings(c *apiCall) {
	p.mu.Lock()
	dto := invitationSettingsDTO{AllowInvitingMembers: true, AllowInvitingGuests: p.guestsAllowed}
	p.mu.Unlock()
	writeOK(c, dto, 1, nil)
}

// decodeBody decodes a JSON body; on failure it answers with a ProblemDetails and returns false.
func decodeBody(c *apiCall, v any) bool {
	if len(bytes.TrimSpace(c.body)) == 0 {
		writeProblem(c.w, "", "A non-empty request body is required.")
		return false
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		field := "$"
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			field = "$." + te.Field
		}
		writeProblem(c.w, field, "The JSON value could not be converted.")
		return false
	}
	return true
}

type createRoomIn struct {
	Title    *string         `json:"title"`
	RoomType json.RawMessage `json:"roomType"`
	Tags     []string        `json:"tags"`
	Color    *string         `json:"color"`
	Cover    *string         `json:"cover"`
	Quota    *int64          `json:"quota"`
	Private  bool            `json:"private"`
}

func (p *Portal) serveCreateRoom(c *apiCall) {
	var in createRoomIn
	if !decodeBody(c, &in) {
		return
	}
	if in.Title == nil {
		writeProblem(c.w, "Title", "The Title field is required.")
		return
	}
	if len(in.RoomType) == 0 || string(in.RoomType) == "null" {
		writeProblem(c.w, "RoomType", "The RoomType field is required.")
		return
	}
	typ, ok := parseRoomType(in.RoomType)
	if !ok {
		writeProblem(c.w, "$.roomType", "The JSON value could not be converted to ASC.Files.Core.ApiModels.RoomType.")
		return
	}
	title, ok := checkTitleAndColor(c, *in.Title, in.Color)
	if !ok {
		return
	}
	settings, ok := readRoomOptions(c)
	if !ok {
		return
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case !c.user.Role.managesRooms():
		writeError(c.w, http.StatusForbidden, msgNoCreate)
	case title == "":
		writeError(c.w, http.StatusBadRequest, msgEmptyTitle)
	case !typ.Valid():
		writeError(c.w, http.StatusBadRequest, msgRoomType)
	case p.roomQuota > 0 && len(p.rooms) >= p.roomQuota:
		writeError(c.w, http.StatusPaymentRequired, msgRoomQuota)
	case p.quotaTooBigLocked(settings):
		writeError(c.w, http.StatusForbidden, msgRoomQuotaTooBig)
	default:
		r := p.newRoomLocked(title, typ, c.user.ID, in.Tags)
		r.settings = settings
		for _, t := range r.tags {
			p.addTagLocked(t)
		}
		writeOK(c, p.roomDTOLocked(r, c.user, c.base), 1, nil)
	}
}

// parseRoomType reads a roomType given as a number or an exact API name.
func parseRoomType(raw json.RawMessage) (docspace.RoomType, bool) {
	var n int
	if err := json.Unmarshal(raw, &n); err == nil {
		return docspace.RoomType(n), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, false
	}
	if s == "AiRoom" {
		return 9, true
	}
	for _, t := range docspace.RoomTypes() {
		if t.APIName() == s {
			return t, true
		}
	}
	return 0, false
}

// visibleLocked reports whether u may see room r.
func visibleLocked(r *room, u *User) bool {
	_, member := r.members[u.ID]
	return member || u.Role.isAdmin()
}

func (p *Portal) roomDTOLocked(r *room, viewer *User, base string) folderDTO {
	access, inRoom := r.members[viewer.ID]
	if !inRoom && viewer.Role.isAdmin() {
		access = docspace.AccessRoomManager
	}
	short := base + "/s/" + r.short
	var owner employeeDTO
	if u := p.usersByID[r.ownerID]; u != nil {
		owner = employee(u, base)
	}
	var used int64
	dto := folderDTO{
		ID: r.id, Title: r.title, Access: access, ShortWebURL: &short,
		Created: isoTime(r.created), CreatedBy: &owner, Updated: isoTime(r.modified), UpdatedBy: &owner,
		RootFolderType: folderTypeVirtualRooms, FileEntryType: fileEntryFolder,
		RootFolderID: roomsFolderID, ParentID: roomsFolderID,
		CanShare: access == docspace.AccessRoomManager, Tags: append([]string{}, r.tags...),
		RoomType: r.typ, Type: folderTypeOf(r.typ), InRoom: &inRoom, UsedSpace: &used,
	}
	r.settings.withSettings(&dto)
	if r.archived {
		dto.RootFolderType, dto.RootFolderID, dto.ParentID = folderTypeArchive, archiveFolderID, archiveFolderID
	}
	if r.textID != "" {
		// FolderDto<string>: the text id, the provider fields, and (as in ONLYOFFICE's
		// own mocks) the Rooms folder as parentId and rootFolderId, as numbers.
		item, key, pid := true, r.provider, r.provID
		dto.ID, dto.ProviderItem, dto.ProviderKey, dto.ProviderID = r.textID, &item, &key, &pid
		dto.UsedSpace = nil
	}
	return dto
}

// paging reads count (1..100, default 100) and startIndex (>= 0) from the query.
func paging(c *apiCall) (start, count int, ok bool) {
	q := c.r.URL.Query()
	count = 100
	if s := q.Get("count"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			writeProblem(c.w, "count", fmt.Sprintf("The value '%s' is not valid.", s))
			return 0, 0, false
		}
		count = min(max(n, 1), 100)
	}
	if s := q.Get("startIndex"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			writeProblem(c.w, "startIndex", fmt.Sprintf("The value '%s' is not valid.", s))
			return 0, 0, false
		}
		start = max(n, 0)
	}
	return start, count, true
}

func (p *Portal) serveListRooms(c *apiCall) {
	start, count, ok := paging(c)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	if templatesArea(q.Get("searchArea")) {
		p.serveListTemplates(c, start, count)
		return
	}
	filter := strings.ToLower(q.Get("filterValue"))
	types := map[docspace.RoomType]bool{}
	for _, v := range append(q["type"], q["type[]"]...) {
		raw := json.RawMessage(v)
		if _, err := strconv.Atoi(v); err != nil {
			raw = json.RawMessage(strconv.Quote(v))
		}
		t, ok := parseRoomType(raw)
		if !ok {
			writeProblem(c.w, "type", fmt.Sprintf("The value '%s' is not valid.", v))
			return
		}
		types[t] = true
	}
	area := q.Get("searchArea")
	ascending := strings.EqualFold(q.Get("sortOrder"), "ascending") || q.Get("sortOrder") == "0"

	p.mu.Lock()
	var match []*room
	if area == "" || area == "0" || area == "2" || strings.EqualFold(area, "Active") || strings.EqualFold(area, "Any") {
		for _, r := range p.rooms {
			if visibleLocked(r, c.user) && !r.archived &&
				(len(types) == 0 || types[r.typ]) &&
				(filter == "" || strings.Contains(strings.ToLower(r.title), filter)) {
				match = append(match, r)
			}
		}
	}
	// By id; rooms on third-party storage (id 0) sort below the portal's own ones,
	// in the order they were added.
	sort.SliceStable(match, func(i, j int) bool {
		if ascending {
			return match[i].id < match[j].id
		}
		return match[i].id > match[j].id
	})
	total := len(match)
	page := match[min(start, total):min(start+count, total)]
	folders := make([]folderDTO, 0, len(page))
	for _, r := range page {
		folders = append(folders, p.roomDTOLocked(r, c.user, c.base))
	}
	inRoom := false
	current := folderDTO{
		ID: roomsFolderID, Title: "Rooms", Access: docspace.AccessNone,
		RootFolderType: folderTypeVirtualRooms, Type: folderTypeVirtualRooms, FileEntryType: fileEntryFolder,
		RootFolderID: roomsFolderID, FoldersCount: total, CanShare: false, InRoom: &inRoom,
	}
	p.mu.Unlock()
	writeOK(c, folderContentDTO{
		Files: []folderDTO{}, Folders: folders, Current: current,
		PathParts:  []pathPart{{ID: roomsFolderID, Title: "Rooms"}},
		StartIndex: start, Count: len(folders), Total: total,
	}, len(folders), &total)
}

// roomForLocked finds the room of the request and checks the caller may see it; on failure it answers.
func (p *Portal) roomForLocked(c *apiCall) *room {
	n, text, numeric := roomKey(c.r.URL.Path)
	r, ok := p.roomsByID[n]
	if !numeric {
		r, ok = p.roomsByText[text]
	}
	if !ok {
		writeError(c.w, http.StatusNotFound, msgFolderNotFound)
		return nil
	}
	if !visibleLocked(r, c.user) {
		writeError(c.w, http.StatusForbidden, msgAccessDenied)
		return nil
	}
	return r
}

func (p *Portal) serveGetRoom(c *apiCall) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r := p.roomForLocked(c); r != nil {
		writeOK(c, p.roomDTOLocked(r, c.user, c.base), 1, nil)
	}
}

func (p *Portal) shareDTOLocked(r *room, userID string, base string) (fileShareDTO, bool) {
	u := p.usersByID[userID]
	if u == nil {
		return fileShareDTO{}, false
	}
	owner := userID == r.ownerID
	e := employeeFull(u, base)
	return fileShareDTO{
		Access: r.members[userID], SharedTo: &e, SharedToUser: &e,
		IsLocked: owner, IsOwner: owner, CanEditAccess: !owner, CanRevoke: !owner,
		SubjectType: subjectUser,
	}, true
}

// groupShareDTOLocked is a group's entry: sharedToGroup (and sharedTo) is a GroupSummaryDto.
func (p *Portal) groupShareDTOLocked(r *room, groupID string) (fileShareDTO, bool) {
	g := p.groups[groupID]
	if g == nil {
		return fileShareDTO{}, false
	}
	sum := &groupSummaryDTO{ID: g.ID, Name: g.Name}
	if m := p.usersByID[g.ManagerID]; m != nil {
		name := m.Email // the fake's userName is the e-mail (see employeeFull)
		sum.Manager = &name
	}
	return fileShareDTO{
		Access: r.groupAcc[groupID], SharedTo: sum, SharedToGroup: sum,
		CanEditAccess: true, CanRevoke: true, SubjectType: subjectGroup,
	}, true
}

// linkShareDTO is a link's entry: sharedLink (and sharedTo) is a FileShareLink.
func linkShareDTO(l *roomLink, base string) fileShareDTO {
	no := false
	link := &fileShareLinkDTO{ID: l.ID, Title: l.Title, IsExpired: &no}
	dto := fileShareDTO{Access: l.Access, SharedTo: link, SharedLink: link, CanRevoke: true}
	switch l.Kind {
	case LinkInvitation:
		link.ShareLink = base + "/rooms/share?key=" + l.token
		dto.CanEditExpirationDate, dto.SubjectType = true, subjectInvitationLink
		if l.MaxUses > 0 {
			used := 0
			link.MaxUseCount, link.CurrentUseCount = &l.MaxUses, &used
		}
		if !l.Expires.IsZero() {
			link.ExpirationDate = l.Expires.UTC().Format("2006-01-02T15:04:05.0000000Z07:00")
		}
	default:
		link.LinkType, link.ShareLink = 1, base+"/s/"+l.token
		link.DenyDownload, link.Internal, link.RequestToken = &no, &no, "rt"+l.token
		link.Primary = l.Kind == LinkPrimaryExternal
		dto.CanEditDenyDownload = true
		dto.CanEditExpirationDate = !link.Primary
		dto.SubjectType = subjectExternalLink
		if link.Primary {
			dto.SubjectType = subjectPrimaryExternalLink
		}
	}
	return dto
}

// Share filter types (ShareFilterType), the filterType of GET .../share.
const (
	shareUserOrGroup        = 0
	shareInvitationLink     = 1
	shareExternalLink       = 2
	shareAdditionalExternal = 4
	sharePrimaryExternal    = 8
	shareLink               = 15
	shareUser               = 16
	shareGroup              = 32
)

var shareFilterNames = map[string]int{
	"userorgroup": shareUserOrGroup, "invitationlink": shareInvitationLink, "externallink": shareExternalLink,
	"additionalexternallink": shareAdditionalExternal, "primaryexternallink": sharePrimaryExternal,
	"link": shareLink, "user": shareUser, "group": shareGroup,
}

// shareFilter reads filterType (a number or a ShareFilterType name; default 0, people
// and groups); on failure it answers with a ProblemDetails.
func shareFilter(c *apiCall) (int, bool) {
	v := strings.TrimSpace(c.r.URL.Query().Get("filterType"))
	if v == "" {
		return shareUserOrGroup, true
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n, true
	}
	if n, ok := shareFilterNames[strings.ToLower(v)]; ok {
		return n, true
	}
	writeProblem(c.w, "filterType", fmt.Sprintf("The value '%s' is not valid.", v))
	return 0, false
}

// listsLink reports whether filterType lists links of kind k; a number the server
// does not know lists every entry, as its query then filters nothing.
func listsLink(filterType int, k LinkKind) bool {
	switch filterType {
	case shareUserOrGroup, shareUser, shareGroup:
		return false
	case shareInvitationLink:
		return k == LinkInvitation
	case shareExternalLink:
		return k != LinkInvitation
	case shareAdditionalExternal:
		return k == LinkExternal
	case sharePrimaryExternal:
		return k == LinkPrimaryExternal
	}
	return true
}

// knownShareFilter reports a filterType the server defines.
func knownShareFilter(n int) bool {
	for _, v := range shareFilterNames {
		if v == n {
			return true
		}
	}
	return false
}

// shareRef is one entry of a room's share list, converted to JSON only when on the page.
type shareRef struct {
	user, group string
	link        *roomLink
}

// serveMembers answers GET .../share as the server does: filterType 0 (the default)
// lists people and then groups, 16 people only, 32 groups only, and the link types
// (1, 2, 4, 8, 15) the room's links of that kind; filterValue narrows people and
// groups, not links; total counts what the filter lists. (The server orders room
// managers, groups, others, guests, pending people; here people keep the order they
// joined in, owner first, and groups follow them.)
func (p *Portal) serveMembers(c *apiCall) {
	start, count, ok := paging(c)
	if !ok {
		return
	}
	ft, ok := shareFilter(c)
	if !ok {
		return
	}
	filter := strings.ToLower(c.r.URL.Query().Get("filterValue"))
	unknown := !knownShareFilter(ft)
	p.mu.Lock()
	r := p.roomForLocked(c)
	if r == nil {
		p.mu.Unlock()
		return
	}
	var refs []shareRef
	if ft == shareUserOrGroup || ft == shareUser || unknown {
		for _, id := range r.order {
			u := p.usersByID[id]
			if u != nil && (filter == "" || strings.Contains(strings.ToLower(displayName(u)), filter) ||
				strings.Contains(strings.ToLower(u.Email), filter)) {
				refs = append(refs, shareRef{user: id})
			}
		}
	}
	if ft == shareUserOrGroup || ft == shareGroup || unknown {
		for _, id := range r.groups {
			if g := p.groups[id]; g != nil && (filter == "" || strings.Contains(strings.ToLower(g.Name), filter)) {
				refs = append(refs, shareRef{group: id})
			}
		}
	}
	for _, l := range r.links {
		if listsLink(ft, l.Kind) {
			refs = append(refs, shareRef{link: l})
		}
	}
	total := len(refs)
	items := make([]fileShareDTO, 0, min(count, total))
	for _, ref := range refs[min(start, total):min(start+count, total)] {
		var dto fileShareDTO
		ok := true
		switch {
		case ref.user != "":
			dto, ok = p.shareDTOLocked(r, ref.user, c.base)
		case ref.group != "":
			dto, ok = p.groupShareDTOLocked(r, ref.group)
		default:
			dto = linkShareDTO(ref.link, c.base)
		}
		if ok {
			items = append(items, dto)
		}
	}
	p.mu.Unlock()
	writeOK(c, items, len(items), &total)
}

type invitationIn struct {
	ID     *string         `json:"id"`
	Email  *string         `json:"email"`
	Access json.RawMessage `json:"access"`
}

type shareIn struct {
	Invitations []invitationIn `json:"invitations"`
	Notify      bool           `json:"notify"`
	Message     *string        `json:"message"`
	Culture     *string        `json:"culture"`
	Force       bool           `json:"force"`
}

// entry is one validated invitation.
type entry struct {
	id, email string
	access    docspace.Access
}

const emptyGUID = "00000000-0000-0000-0000-000000000000"

func (p *Portal) serveShare(c *apiCall) {
	var in shareIn
	if !decodeBody(c, &in) {
		return
	}
	// Model binding: the whole request is refused before anything is applied.
	entries := make([]entry, 0, len(in.Invitations))
	emails := 0
	for i, inv := range in.Invitations {
		field := fmt.Sprintf("$.invitations[%d]", i)
		a, ok := parseAccess(inv.Access)
		if !ok {
			writeProblem(c.w, field+".access", "The JSON value could not be converted to ASC.Files.Core.Security.FileShare.")
			return
		}
		var e entry
		e.access = a
		if inv.ID != nil && *inv.ID != emptyGUID {
			if !isUUID(*inv.ID) {
				writeProblem(c.w, field+".id", "The JSON value could not be converted to System.Guid.")
				return
			}
			e.id = strings.ToLower(*inv.ID)
		}
		if inv.Email != nil {
			if utf16Len(*inv.Email) > 255 {
				writeProblem(c.w, field+".email", "The field Email must be a string with a maximum length of 255.")
				return
			}
			e.email = strings.TrimSpace(*inv.Email)
		}
		if e.id == "" && e.email != "" {
			emails++
		}
		entries = append(entries, e)
	}

	culture := ""
	if in.Culture != nil {
		if _, ok := docspace.FindCulture(DemoCultures, *in.Culture); ok {
			culture = *in.Culture
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.roomForLocked(c)
	if r == nil {
		return
	}
	if !c.user.Role.isAdmin() && r.members[c.user.ID] != docspace.AccessRoomManager || r.archived {
		// An archived room is read-only: nobody changes its members.
		writeError(c.w, http.StatusForbidden, msgAccessDenied)
		return
	}
	if emails > p.invitationsLeftLocked() {
		writeError(c.w, http.StatusBadRequest, msgLimitExceeded)
		return
	}
	if emails > 0 && !p.guestsAllowed {
		writeError(c.w, http.StatusForbidden, msgGuestsDisabled)
		return
	}

	out := roomSecurityDTO{Members: []fileShareDTO{}}
	var warnings []string
	changed := false
	// No transaction: each entry is applied in order; the first refusal stops the rest.
	for i, e := range entries {
		if c.fault != nil && i >= c.fault.AfterEntries {
			writeError(c.w, http.StatusForbidden, msgRoleNotAllowed)
			return
		}
		switch {
		case e.id != "" && p.groups[e.id] != nil && p.usersByID[e.id] == nil:
			if e.access == docspace.AccessNone {
				changed = r.removeGroup(e.id) || changed
				continue
			}
			// A group may be at most Content creator (FileSecurity.AvailableRoomAccesses).
			if !r.typ.Allows(e.access) || e.access == docspace.AccessRoomManager {
				writeError(c.w, http.StatusForbidden, msgRoleNotAllowed)
				return
			}
			if r.groupAcc[e.id] != e.access {
				r.setGroup(e.id, e.access)
				changed = true
			}
		case e.id != "":
			u := p.usersByID[e.id]
			if u == nil {
				writeError(c.w, http.StatusNotFound, msgUserNotFound)
				return
			}
			if e.access == docspace.AccessNone {
				removed := r.remove(u.ID)
				p.removals = append(p.removals, Removal{RoomID: r.id, UserID: u.ID, Member: removed, At: p.now()})
				changed = removed || changed
				continue
			}
			if !r.typ.Allows(e.access) || (e.access == docspace.AccessRoomManager && !u.Role.managesRooms()) {
				writeError(c.w, http.StatusForbidden, msgRoleNotAllowed)
				return
			}
			if u.ID != r.ownerID && r.set(u.ID, e.access) {
				changed = true
				p.notifyLocked(r, u, e.access, in.Notify)
			}
			if dto, ok := p.shareDTOLocked(r, u.ID, c.base); ok {
				out.Members = append(out.Members, dto)
			}
		case e.email != "":
			u := p.usersByEmail[strings.ToLower(e.email)]
			if e.access == docspace.AccessNone {
				// The server ignores a removal by e-mail: only an entry by id takes someone out.
				p.removals = append(p.removals, Removal{RoomID: r.id, Email: e.email, Ignored: true, At: p.now()})
				continue
			}
			// An e-mail invitation is checked as a Guest, whoever the address belongs to.
			if !r.typ.Allows(e.access) || e.access == docspace.AccessRoomManager {
				writeError(c.w, http.StatusForbidden, msgRoleNotAllowed)
				return
			}
			if p.invitationLimit != Unlimited {
				p.invitesSent = append(p.invitesSent, p.now()) // every e-mail entry counts, as on the server
			}
			if u == nil {
				if !validEmail(e.email) {
					warnings = append(warnings, fmt.Sprintf("The guest %s could not be created: the e-mail address is not valid.", e.email))
					continue
				}
				// The guest's profile, and the invitation e-mail, take the request's culture.
				u = p.addUserLocked(User{Email: e.email, Role: RoleGuest, Pending: true, Culture: culture})
			}
			if u.ID != r.ownerID && r.set(u.ID, e.access) {
				changed = true
				p.notifyLocked(r, u, e.access, in.Notify)
			}
		}
	}
	if changed {
		r.modified = p.now()
	}
	if len(warnings) > 0 {
		w := strings.Join(warnings, " ")
		out.Warning = &w
	}
	writeOK(c, out, 1, nil)
}

// notifyLocked records the e-mail a share sends: pending guests are always invited,
// active users only hear about it with notify.
func (p *Portal) notifyLocked(r *room, u *User, a docspace.Access, notify bool) {
	kind := NotifyRoomAccess
	if u.Pending {
		kind = NotifyGuestInvitation
	} else if !notify {
		return
	}
	p.notifications = append(p.notifications, Notification{
		Kind: kind, RoomID: r.id, UserID: u.ID, Email: u.Email, Access: a, At: p.now(),
	})
}

// parseAccess reads a FileShare the way the server does: a number as is, a known name
// (any case) as its value, any other string as 0 None — which removes the member.
func parseAccess(raw json.RawMessage) (docspace.Access, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return docspace.AccessNone, true
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, false
		}
		s = strings.TrimSpace(s)
		if n, err := strconv.Atoi(s); err == nil {
			return docspace.Access(n), true
		}
		for _, a := range []docspace.Access{
			docspace.AccessNone, docspace.AccessReadWrite, docspace.AccessRead, docspace.AccessReview,
			docspace.AccessComment, docspace.AccessFillForms, docspace.AccessRoomManager,
			docspace.AccessEditing, docspace.AccessContentCreator,
		} {
			if strings.EqualFold(a.APIName(), s) {
				return a, true
			}
		}
		return docspace.AccessNone, true
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		var n int32
		if err := json.Unmarshal(raw, &n); err != nil {
			return 0, false
		}
		return docspace.Access(n), true
	}
	return 0, false
}

// utf16Len is a string's length as .NET counts it: in UTF-16 code units, so a
// character outside the Basic Multilingual Plane (an emoji) counts twice.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// isUUID reports whether s has the 8-4-4-4-12 hex shape of a GUID.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// validEmail reports whether s is a bare e-mail address with a dotted domain.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// checkTitleAndColor refuses, as the server's model validation does, a title longer
// than DocSpace allows and a colour longer than 6 characters; it returns the trimmed
// title.
func checkTitleAndColor(c *apiCall, rawTitle string, color *string) (string, bool) {
	title := strings.TrimSpace(rawTitle)
	if utf16Len(title) > docspace.MaxTitleLength {
		writeProblem(c.w, "Title", fmt.Sprintf("The field Title must be a string with a maximum length of %d.", docspace.MaxTitleLength))
		return "", false
	}
	if color != nil && utf16Len(*color) > 6 {
		writeProblem(c.w, "Color", "The field Color must be a string with a maximum length of 6.")
		return "", false
	}
	return title, true
}

// serveGroups lists the portal's groups by name (GET /api/2.0/group), filtered by
// filterValue (a part of the name) and paged by startIndex and count.
func (p *Portal) serveGroups(c *apiCall) {
	q := c.r.URL.Query()
	filter := strings.ToLower(q.Get("filterValue"))
	p.mu.Lock()
	all := make([]groupDTO, 0, len(p.groups))
	for _, g := range p.groups {
		if filter == "" || strings.Contains(strings.ToLower(g.Name), filter) {
			all = append(all, groupDTO{ID: g.ID, Name: g.Name, Category: emptyGUID, MembersCount: len(g.Members)})
		}
	}
	p.mu.Unlock()
	sort.Slice(all, func(i, j int) bool {
		if all[i].Name != all[j].Name {
			return all[i].Name < all[j].Name
		}
		return all[i].ID < all[j].ID
	})
	total := len(all)
	start, _ := strconv.Atoi(q.Get("startIndex"))
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count <= 0 {
		count = total
	}
	start = min(max(start, 0), total)
	page := all[start:min(start+count, total)]
	writeOK(c, page, len(page), &total)
}

// serveCultures lists the languages the portal offers (GET /api/2.0/settings/cultures).
func (p *Portal) serveCultures(c *apiCall) {
	writeOK(c, DemoCultures, len(DemoCultures), nil)
}

// linkIn is RoomLinkRequest, as PUT .../links reads it.
type linkIn struct {
	LinkID         *string         `json:"linkId"`
	LinkType       int             `json:"linkType"`
	Access         json.RawMessage `json:"access"`
	Title          *string         `json:"title"`
	ExpirationDate *string         `json:"expirationDate"`
	MaxUseCount    *int            `json:"maxUseCount"`
}

// serveSetLink turns on (or changes) a room's one invitation link (linkType 0), as
// PUT /api/2.0/files/rooms/{id}/links does: the access must be one the room gives a
// guest, maxUseCount 1–1000, an expiry in the future. External links (linkType 1) are
// not served here.
func (p *Portal) serveSetLink(c *apiCall) {
	var in linkIn
	if !decodeBody(c, &in) {
		return
	}
	a, ok := parseAccess(in.Access)
	if !ok {
		writeProblem(c.w, "$.access", "The JSON value could not be converted to ASC.Files.Core.Security.FileShare.")
		return
	}
	if in.MaxUseCount != nil && (*in.MaxUseCount < 1 || *in.MaxUseCount > 1000) {
		writeProblem(c.w, "MaxUseCount", "The field MaxUseCount must be between 1 and 1000.")
		return
	}
	var expires time.Time
	if in.ExpirationDate != nil && *in.ExpirationDate != "" {
		t, err := time.Parse(time.RFC3339, *in.ExpirationDate)
		if err != nil {
			writeProblem(c.w, "$.expirationDate", "The JSON value could not be converted to ASC.Api.Core.ApiDateTime.")
			return
		}
		expires = t
	}
	if in.LinkType != 0 {
		writeError(c.w, http.StatusBadRequest, "This fake portal sets invitation links (linkType 0) only")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.roomForLocked(c)
	if r == nil {
		return
	}
	if !c.user.Role.isAdmin() && r.members[c.user.ID] != docspace.AccessRoomManager {
		writeError(c.w, http.StatusForbidden, msgAccessDenied)
		return
	}
	if !expires.IsZero() && !expires.After(p.now()) {
		writeError(c.w, http.StatusBadRequest, "The expiration date is in the past")
		return
	}
	// People joining by the link are checked as guests: never Room admin.
	if !r.typ.Allows(a) || a == docspace.AccessRoomManager || a == docspace.AccessNone {
		writeError(c.w, http.StatusForbidden, msgRoleNotAllowed)
		return
	}
	var l *roomLink
	for _, x := range r.links {
		if x.Kind == LinkInvitation {
			l = x
		}
	}
	if l == nil {
		l = p.addLinkLocked(r, Link{Kind: LinkInvitation, Access: a})
	}
	l.Access, l.Expires, l.MaxUses = a, expires, 0
	if in.MaxUseCount != nil {
		l.MaxUses = *in.MaxUseCount
	}
	if in.Title != nil && strings.TrimSpace(*in.Title) != "" {
		l.Title = strings.TrimSpace(*in.Title)
	}
	r.modified = p.now()
	writeOK(c, linkShareDTO(l, c.base), 1, nil)
}

// Resend limits: POST rooms/{id}/resend has its own rate-limit policy on the server,
// 5 calls per 15 minutes per user.
const (
	resendCalls  = 5
	resendWindow = 15 * time.Minute
)

// resendIn is UserInvitation, as POST .../resend reads it.
type resendIn struct {
	UsersIDs  []string `json:"usersIds"`
	ResendAll bool     `json:"resendAll"`
}

// serveResend sends the room's invitation again to its pending guests: those listed
// in usersIds, or all with resendAll (anyone else listed is passed over, as the
// server does). The sixth call of a user within 15 minutes is refused with 429.
func (p *Portal) serveResend(c *apiCall) {
	var in resendIn
	if !decodeBody(c, &in) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.roomForLocked(c)
	if r == nil {
		return
	}
	if !c.user.Role.isAdmin() && r.members[c.user.ID] != docspace.AccessRoomManager {
		writeError(c.w, http.StatusForbidden, msgAccessDenied)
		return
	}
	now := p.now()
	if p.resends == nil {
		p.resends = map[string][]time.Time{}
	}
	calls := p.resends[c.user.ID]
	for len(calls) > 0 && !calls[0].After(now.Add(-resendWindow)) {
		calls = calls[1:]
	}
	if len(calls) >= resendCalls {
		wait := calls[0].Add(resendWindow).Sub(now)
		c.w.Header().Set("Retry-After", strconv.Itoa(max(1, int(wait.Seconds()+0.5))))
		p.resends[c.user.ID] = calls
		writeError(c.w, http.StatusTooManyRequests, "Too many requests")
		return
	}
	p.resends[c.user.ID] = append(calls, now)
	want := map[string]bool{}
	for _, id := range in.UsersIDs {
		want[strings.ToLower(id)] = true
	}
	for _, id := range r.order {
		u := p.usersByID[id]
		if u == nil || !u.Pending || !(in.ResendAll || want[id]) {
			continue
		}
		p.notifications = append(p.notifications, Notification{Kind: NotifyGuestInvitation, RoomID: r.id, UserID: u.ID,
			Email: u.Email, Access: r.members[id], At: now})
	}
	writeOK(c, nil, 0, nil)
}

// servePeople lists the portal's people (GET /api/2.0/people/filter) in the order
// they were added, filtered by filterValue (a part of the name or e-mail) and paged
// by startIndex and count.
func (p *Portal) servePeople(c *apiCall) {
	q := c.r.URL.Query()
	filter := strings.ToLower(q.Get("filterValue"))
	p.mu.Lock()
	all := make([]employeeFullDTO, 0, len(p.users))
	for _, u := range p.users {
		if filter == "" || strings.Contains(strings.ToLower(displayName(u)+" "+u.Email), filter) {
			all = append(all, employeeFull(u, c.base))
		}
	}
	p.mu.Unlock()
	total := len(all)
	start, _ := strconv.Atoi(q.Get("startIndex"))
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count <= 0 {
		count = total
	}
	start = min(max(start, 0), total)
	page := all[start:min(start+count, total)]
	writeOK(c, page, len(page), &total)
}
