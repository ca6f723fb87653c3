package docspacetest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// The wire shapes below follow the OpenAPI schemas of DocSpace 3.7.0; dates are ISO 8601
// strings, as the server sends them (the spec's ApiDateTime object is never sent).

type link struct {
	Href   string `json:"href"`
	Action string `json:"action"`
}

type envelope struct {
	Response   any    `json:"response"`
	Count      int    `json:"count"`
	Total      *int   `json:"total,omitempty"`
	Links      []link `json:"links"`
	Status     int    `json:"status"`
	StatusCode int    `json:"statusCode"`
}

type errorEnvelope struct {
	Error struct {
		Message string `json:"message"`
	} `json:"error"`
	Status     int `json:"status"`
	StatusCode int `json:"statusCode"`
}

type problemDetails struct {
	Type    string              `json:"type"`
	Title   string              `json:"title"`
	Status  int                 `json:"status"`
	Errors  map[string][]string `json:"errors"`
	TraceID string              `json:"traceId"`
}

type apiKeyDTO struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Key         *string      `json:"key"` // only set when a key is created: always null here
	KeyPostfix  string       `json:"keyPostfix"`
	Permissions []string     `json:"permissions"`
	LastUsed    *string      `json:"lastUsed"`
	CreateOn    *string      `json:"createOn"`
	CreateBy    *employeeDTO `json:"createBy,omitempty"`
	ExpiresAt   *string      `json:"expiresAt"`
	IsActive    bool         `json:"isActive"`
}

type employeeDTO struct {
	ID             string `json:"id"`
	DisplayName    string `json:"displayName"`
	Avatar         string `json:"avatar"`
	AvatarOriginal string `json:"avatarOriginal"`
	AvatarMax      string `json:"avatarMax"`
	AvatarMedium   string `json:"avatarMedium"`
	AvatarSmall    string `json:"avatarSmall"`
	ProfileURL     string `json:"profileUrl"`
	HasAvatar      bool   `json:"hasAvatar"`
	IsAnonim       bool   `json:"isAnonim"`
}

type employeeFullDTO struct {
	employeeDTO
	FirstName        string `json:"firstName"`
	LastName         string `json:"lastName"`
	UserName         string `json:"userName"`
	Email            string `json:"email"`
	Status           int    `json:"status"`
	ActivationStatus int    `json:"activationStatus"`
	IsAdmin          bool   `json:"isAdmin"`
	IsRoomAdmin      bool   `json:"isRoomAdmin"`
	IsLDAP           bool   `json:"isLDAP"`
	IsOwner          bool   `json:"isOwner"`
	IsVisitor        bool   `json:"isVisitor"`
	IsCollaborator   bool   `json:"isCollaborator"`
	CultureName      string `json:"cultureName"`
	IsSSO            bool   `json:"isSSO"`
}

type settingsDTO struct {
	Timezone              string      `json:"timezone"`
	TrustedDomains        []string    `json:"trustedDomains"`
	TrustedDomainsType    int         `json:"trustedDomainsType"`
	Culture               string      `json:"culture"`
	UtcOffset             string      `json:"utcOffset"`
	UtcHoursOffset        float64     `json:"utcHoursOffset"`
	GreetingSettings      string      `json:"greetingSettings"`
	OwnerID               string      `json:"ownerId"`
	DocSpace              bool        `json:"docSpace"`
	Standalone            bool        `json:"standalone"`
	BaseDomain            string      `json:"baseDomain"`
	Version               string      `json:"version"`
	DebugInfo             bool        `json:"debugInfo"`
	TenantStatus          int         `json:"tenantStatus"`
	TenantAlias           string      `json:"tenantAlias"`
	DisplayAbout          bool        `json:"displayAbout"`
	CookieSettingsEnabled bool        `json:"cookieSettingsEnabled"`
	LimitedAccessSpace    bool        `json:"limitedAccessSpace"`
	InvitationLimit       int         `json:"invitationLimit"`
	DeepLink              deepLinkDTO `json:"deepLink"`
	MaxImageUploadSize    int64       `json:"maxImageUploadSize"`
}

type deepLinkDTO struct {
	AndroidPackageName string `json:"androidPackageName"`
	URL                string `json:"url"`
	IosPackageID       string `json:"iosPackageId"`
}

type invitationSettingsDTO struct {
	AllowInvitingMembers bool `json:"allowInvitingMembers"`
	AllowInvitingGuests  bool `json:"allowInvitingGuests"`
}

type folderDTO struct {
	// ID is a number for the portal's own rooms and text ("box-821") for a room on
	// third-party storage, as the server's FolderDto<string> sends it.
	ID             any               `json:"id"`
	Title          string            `json:"title"`
	Access         docspace.Access   `json:"access"`
	Shared         bool              `json:"shared"`
	ShortWebURL    *string           `json:"shortWebUrl"`
	Created        *string           `json:"created,omitempty"`
	CreatedBy      *employeeDTO      `json:"createdBy,omitempty"`
	Updated        *string           `json:"updated,omitempty"`
	UpdatedBy      *employeeDTO      `json:"updatedBy,omitempty"`
	RootFolderType int               `json:"rootFolderType"`
	FileEntryType  int               `json:"fileEntryType"`
	RootFolderID   int               `json:"rootFolderId"`
	ParentID       int               `json:"parentId"`
	CanShare       bool              `json:"canShare"`
	FilesCount     int               `json:"filesCount"`
	FoldersCount   int               `json:"foldersCount"`
	New            int               `json:"new"`
	Mute           bool              `json:"mute"`
	Tags           []string          `json:"tags,omitempty"`
	Pinned         bool              `json:"pinned"`
	RoomType       docspace.RoomType `json:"roomType,omitempty"`
	Private        bool              `json:"private"`
	Indexing       bool              `json:"indexing"`
	DenyDownload   bool              `json:"denyDownload"`
	Type           int               `json:"type"`
	InRoom         *bool             `json:"inRoom,omitempty"`
	QuotaLimit     *int64            `json:"quotaLimit"`
	UsedSpace      *int64            `json:"usedSpace,omitempty"`
	Lifetime       *lifetimeDTO      `json:"lifetime,omitempty"`
	Watermark      *watermarkDTO     `json:"watermark,omitempty"`
	// The provider fields are set for a room on third-party storage only; the server
	// omits them (null) for its own rooms.
	ProviderItem *bool   `json:"providerItem,omitempty"`
	ProviderKey  *string `json:"providerKey,omitempty"`
	ProviderID   *int    `json:"providerId,omitempty"`
}

type pathPart struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

type folderContentDTO struct {
	Files      []folderDTO `json:"files"`
	Folders    []folderDTO `json:"folders"`
	Current    folderDTO   `json:"current"`
	PathParts  []pathPart  `json:"pathParts"`
	StartIndex int         `json:"startIndex"`
	Count      int         `json:"count"`
	Total      int         `json:"total"`
	New        int         `json:"new"`
}

// fileShareDTO is one FileShareDto: exactly one of sharedToUser, sharedToGroup and
// sharedLink is set, and the obsolete sharedTo repeats it; the others are omitted, as
// the server omits nulls. The booleans and subjectType are always there.
type fileShareDTO struct {
	Access                docspace.Access   `json:"access"`
	SharedTo              any               `json:"sharedTo,omitempty"`
	SharedToUser          *employeeFullDTO  `json:"sharedToUser,omitempty"`
	SharedToGroup         *groupSummaryDTO  `json:"sharedToGroup,omitempty"`
	SharedLink            *fileShareLinkDTO `json:"sharedLink,omitempty"`
	IsLocked              bool              `json:"isLocked"`
	IsOwner               bool              `json:"isOwner"`
	CanEditAccess         bool              `json:"canEditAccess"`
	CanEditInternal       bool              `json:"canEditInternal"`
	CanEditDenyDownload   bool              `json:"canEditDenyDownload"`
	CanEditExpirationDate bool              `json:"canEditExpirationDate"`
	CanRevoke             bool              `json:"canRevoke"`
	SubjectType           int               `json:"subjectType"`
}

// Subject types of a share entry (SubjectType).
const (
	subjectUser                = 0
	subjectExternalLink        = 1
	subjectGroup               = 2
	subjectInvitationLink      = 3
	subjectPrimaryExternalLink = 4
)

// groupSummaryDTO is GroupSummaryDto: manager is the manager's userName, absent when
// the group has none; isSystem is only sent (true) for system groups.
// groupDTO is a GroupDto as GET /api/2.0/group lists it (no members, their count).
type groupDTO struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Category     string `json:"category"`
	IsLDAP       bool   `json:"isLDAP"`
	IsSystem     bool   `json:"isSystem"`
	MembersCount int    `json:"membersCount"`
}

type groupSummaryDTO struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Manager *string `json:"manager,omitempty"`
}

// fileShareLinkDTO is FileShareLink; the optional fields are omitted when unset, and
// maxUseCount/currentUseCount belong to invitation links only.
type fileShareLinkDTO struct {
	ID              string `json:"id"`
	Title           string `json:"title"`
	ShareLink       string `json:"shareLink"`
	LinkType        int    `json:"linkType"` // 0 invitation, 1 external
	DenyDownload    *bool  `json:"denyDownload,omitempty"`
	IsExpired       *bool  `json:"isExpired,omitempty"`
	Primary         bool   `json:"primary"`
	Internal        *bool  `json:"internal,omitempty"`
	RequestToken    string `json:"requestToken,omitempty"`
	MaxUseCount     *int   `json:"maxUseCount,omitempty"`
	CurrentUseCount *int   `json:"currentUseCount,omitempty"`
	ExpirationDate  string `json:"expirationDate,omitempty"`
}

type roomSecurityDTO struct {
	Members []fileShareDTO `json:"members"`
	Warning *string        `json:"warning"`
	Error   int            `json:"error"`
}

// Folder types and IDs of the Rooms section.
const (
	folderTypeVirtualRooms = 14
	roomsFolderID          = 1
	fileEntryFolder        = 1
)

// folderTypeOf maps a room type to the FolderType the server reports.
func folderTypeOf(t docspace.RoomType) int {
	switch t {
	case docspace.RoomFillingForms:
		return 15
	case docspace.RoomCollaboration:
		return 16
	case docspace.RoomCustom:
		return 19
	case docspace.RoomPublic:
		return 22
	case docspace.RoomVirtualData:
		return 29
	}
	return 0
}

// isoTime formats t as DocSpace does; nil for the zero time.
func isoTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format("2006-01-02T15:04:05.0000000Z07:00")
	return &s
}

func employee(u *User, base string) employeeDTO {
	const photo = "/static/images/default_user_photo_size_82-82.png"
	return employeeDTO{
		ID: u.ID, DisplayName: displayName(u),
		Avatar: photo, AvatarOriginal: photo, AvatarMax: photo, AvatarMedium: photo, AvatarSmall: photo,
		ProfileURL: base + "/accounts/people/filter?search=" + url.QueryEscape(u.Email),
	}
}

func employeeFull(u *User, base string) employeeFullDTO {
	status := 1
	first, last := splitName(u.DisplayName)
	if u.Pending {
		// A guest invited by e-mail has no name until they accept (UserManagerWrapper.
		// AddInvitedUserAsync); the server then builds displayName from the e-mail.
		status = docspace.ActivationPending
		first, last = "", ""
	}
	return employeeFullDTO{
		employeeDTO: employee(u, base),
		FirstName:   first, LastName: last, UserName: u.Email, Email: u.Email,
		Status: 1, ActivationStatus: status,
		IsAdmin: u.Role.isAdmin(), IsRoomAdmin: u.Role == RoleRoomAdmin, IsOwner: u.Role == RoleOwner,
		IsVisitor: u.Role == RoleGuest, IsCollaborator: u.Role == RoleUser,
		CultureName: u.culture(),
	}
}

// displayName is the name the server shows: a pending guest has no first and last
// name, so GetFullUserName falls back to the e-mail address.
func displayName(u *User) string {
	if u.Pending && u.Email != "" {
		return u.Email
	}
	return u.DisplayName
}

func splitName(name string) (first, last string) {
	for i := 0; i < len(name); i++ {
		if name[i] == ' ' {
			return name[:i], name[i+1:]
		}
	}
	return name, ""
}

// writeJSON writes v with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"message":"The response could not be encoded."},"status":1,"statusCode":500}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeOK writes the success envelope around resp; total is set for lists.
func writeOK(c *apiCall, resp any, count int, total *int) {
	writeJSON(c.w, http.StatusOK, envelope{
		Response: resp, Count: count, Total: total,
		Links:  []link{{Href: c.base + c.r.URL.RequestURI(), Action: c.r.Method}},
		Status: 0, StatusCode: http.StatusOK,
	})
}

// writeError writes the error envelope.
func writeError(w http.ResponseWriter, status int, msg string) {
	var e errorEnvelope
	e.Error.Message = msg
	e.Status, e.StatusCode = 1, status
	writeJSON(w, status, e)
}

// writeProblem writes a 400 ProblemDetails, as ASP.NET model validation does.
func writeProblem(w http.ResponseWriter, field, msg string) {
	b, _ := json.Marshal(problemDetails{
		Type:    "https://tools.ietf.org/html/rfc9110#section-15.5.1",
		Title:   "One or more validation errors occurred.",
		Status:  http.StatusBadRequest,
		Errors:  map[string][]string{field: {msg}},
		TraceID: "00-00000000000000000000000000000000-0000000000000000-00",
	})
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(b)
}
