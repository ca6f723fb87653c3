package docspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// envelope asks do for the envelope's counts as well: the response goes into Response
// (a pointer), and Count and Total are set when the answer has them.
type envelope struct {
	Response     any
	Count, Total *int
}

// rawEnvelope is every top-level field an answer may carry: the success envelope,
// the error envelope, and ASP.NET's ProblemDetails for model validation failures.
type rawEnvelope struct {
	Response   json.RawMessage `json:"response"`
	Count      json.RawMessage `json:"count"`
	Total      json.RawMessage `json:"total"`
	Status     json.RawMessage `json:"status"`
	StatusCode json.RawMessage `json:"statusCode"`
	Error      json.RawMessage `json:"error"`
	Title      json.RawMessage `json:"title"`
	Errors     json.RawMessage `json:"errors"`
	Detail     json.RawMessage `json:"detail"`
	Message    json.RawMessage `json:"message"`
}

// decode turns one HTTP answer into out (a pointer, or an *envelope) or an *APIError
// naming the call. It never panics on any input, and its errors never contain the key.
func (c *Client) decode(op, method, path string, status int, header http.Header, body []byte, out any) error {
	e := decodeAnswer(status, header, body, out)
	if e == nil {
		return nil
	}
	e.Op, e.Method, e.Path = op, method, path
	return c.scrub(e)
}

// decodeAnswer is decode without the call's names.
func decodeAnswer(status int, header http.Header, body []byte, out any) *APIError {
	body = bytes.TrimPrefix(bytes.TrimSpace(body), []byte("\xef\xbb\xbf"))
	body = bytes.TrimSpace(body)
	ok := status >= 200 && status < 300

	if status >= 300 && status < 400 {
		msg := "the portal answered with a redirect"
		if loc := outside.Line(header.Get("Location"), 200); loc != "" {
			msg += " to " + loc + ": use that address as the portal address"
		}
		return &APIError{Kind: KindBadResponse, Status: status, Message: msg}
	}
	if len(body) == 0 {
		if ok {
			return badResponse(status, "the answer was empty")
		}
		return &APIError{Kind: kindForStatus(status), Status: status}
	}
	if looksLikeHTML(header, body) {
		switch {
		case ok:
			return badResponse(status, "a web page answered instead of the DocSpace API (a login page, a proxy or another site)")
		case status >= 500:
			return &APIError{Kind: KindServer, Status: status, Message: "the portal is not available right now (a proxy answered with an error page)"}
		}
		return &APIError{Kind: kindForStatus(status), Status: status, Message: "a web page answered instead of the DocSpace API: check the portal address"}
	}
	if body[0] != '{' {
		if ok {
			if body[0] == '[' || body[0] == '"' || json.Valid(body) {
				return badResponse(status, "the answer is not a DocSpace envelope")
			}
			return badResponse(status, "the answer is not JSON")
		}
		e := &APIError{Kind: kindForStatus(status), Status: status}
		if body[0] != '[' && !bytes.ContainsAny(body, "\r\n<{") {
			e.Message = outside.Line(string(body), 200) // a short plain-text reason, e.g. from a proxy
		}
		return e
	}

	var env rawEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		if ok {
			return badResponse(status, describeJSONError(err, ""))
		}
		return &APIError{Kind: kindForStatus(status), Status: status}
	}
	if msg, code, isErr := envelopeError(env); isErr || !ok {
		st := status
		if st < 400 {
			st = http.StatusInternalServerError
			if code >= 400 && code <= 599 {
				st = code
			}
		}
		e := &APIError{Kind: kindForStatus(st), Status: st, Message: msg}
		if e.Message == "" {
			e.Message = problemMessage(env)
		}
		return e
	}

	if env.Response == nil {
		return badResponse(status, "the answer has no \"response\" field")
	}
	target := out
	if ev, isEnv := out.(*envelope); isEnv {
		var err error
		if ev.Count, err = intField(env.Count); err != nil {
			return badResponse(status, "\"count\" is not a whole number")
		}
		if ev.Total, err = intField(env.Total); err != nil {
			return badResponse(status, "\"total\" is not a whole number")
		}
		target = ev.Response
	}
	if target == nil {
		return nil
	}
	if bytes.Equal(env.Response, []byte("null")) {
		return badResponse(status, "the answer's \"response\" is null")
	}
	if raw, isRaw := target.(*json.RawMessage); isRaw {
		*raw = env.Response // decoded (and cleaned) by the caller, item by item
		return nil
	}
	if err := json.Unmarshal(env.Response, target); err != nil {
		return badResponse(status, describeJSONError(err, "response"))
	}
	// The one boundary for the portal's text: every string the program keeps from an
	// answer is made safe here, so no output path has to remember to.
	outside.Clean(target)
	return nil
}

// badResponse is a KindBadResponse error with a reason.
func badResponse(status int, reason string) *APIError {
	return &APIError{Kind: KindBadResponse, Status: status, Message: "the portal's answer could not be read: " + reason}
}

// envelopeError finds the error envelope {"error":{"message"},"status":1,"statusCode":N},
// which DocSpace may send even with a 2xx status.
func envelopeError(env rawEnvelope) (msg string, code int, isErr bool) {
	if n, err := intField(env.StatusCode); err == nil && n != nil {
		code = *n
	}
	if len(env.Error) > 0 && !bytes.Equal(env.Error, []byte("null")) {
		var s string
		var obj struct {
			Message json.RawMessage `json:"message"`
		}
		switch {
		case json.Unmarshal(env.Error, &s) == nil:
			msg = s
		case json.Unmarshal(env.Error, &obj) == nil:
			_ = json.Unmarshal(obj.Message, &msg)
		}
		return outside.Line(msg, 300), code, true
	}
	// "status": 1 means error in DocSpace's envelope (0 is success).
	if n, err := intField(env.Status); err == nil && n != nil && *n == 1 && code >= 400 {
		return outside.Line(stringField(env.Message), 300), code, true
	}
	return "", code, false
}

// problemMessage reads ASP.NET's ProblemDetails (title, detail, errors{field:[msg]})
// or a bare "message", naming the fields the server refused.
func problemMessage(env rawEnvelope) string {
	var fields map[string]json.RawMessage
	if len(env.Errors) > 0 && json.Unmarshal(env.Errors, &fields) == nil && len(fields) > 0 {
		names := make([]string, 0, len(fields))
		for k := range fields {
			names = append(names, k)
		}
		// Sorted as shown: "$.roomType" and "Title" are both fields of the body.
		shown := func(k string) string { return strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(k, "$"), ".")) }
		sort.Slice(names, func(i, j int) bool {
			return shown(names[i]) < shown(names[j]) || shown(names[i]) == shown(names[j]) && names[i] < names[j]
		})
		parts := make([]string, 0, len(names))
		for i, k := range names {
			if i == 5 {
				parts = append(parts, fmt.Sprintf("and %d more", len(names)-5))
				break
			}
			var msgs []string
			if json.Unmarshal(fields[k], &msgs) != nil {
				var one string
				if json.Unmarshal(fields[k], &one) == nil {
					msgs = []string{one}
				}
			}
			name := outside.Line(strings.TrimPrefix(strings.TrimPrefix(k, "$"), "."), 60)
			if name == "" {
				name = "the request body"
			}
			if len(msgs) > 0 {
				parts = append(parts, name+": "+outside.Line(msgs[0], 150))
			} else {
				parts = append(parts, name)
			}
		}
		return outside.Line("the portal refused these fields: "+strings.Join(parts, "; "), 600)
	}
	for _, raw := range []json.RawMessage{env.Detail, env.Message, env.Title} {
		if s := outside.Line(stringField(raw), 300); s != "" {
			return s
		}
	}
	return ""
}

// kindForStatus maps an HTTP status to an ErrorKind.
func kindForStatus(status int) ErrorKind {
	switch {
	case status == http.StatusBadRequest, status == http.StatusUnsupportedMediaType,
		status == http.StatusUnprocessableEntity, status == http.StatusRequestEntityTooLarge,
		status == http.StatusConflict:
		return KindInvalid
	case status == http.StatusUnauthorized:
		return KindUnauthorized
	case status == http.StatusPaymentRequired:
		return KindQuota
	case status == http.StatusForbidden:
		return KindForbidden
	case status == http.StatusNotFound, status == http.StatusGone:
		return KindNotFound
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status >= 500 && status <= 599:
		return KindServer
	case status >= 400 && status <= 499:
		return KindInvalid
	}
	return KindBadResponse
}

// looksLikeHTML reports a web page, whatever the Content-Type claims.
func looksLikeHTML(header http.Header, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(header.Get("Content-Type")); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return true
	}
	return len(body) > 0 && body[0] == '<'
}

// intField reads an optional whole number; absent and null are nil.
func intField(raw json.RawMessage) (*int, error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// stringField reads an optional string; anything else is "".
func stringField(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// describeJSONError says what was wrong with an answer, naming the field when it can.
func describeJSONError(err error, prefix string) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input"):
		return "the answer was cut off"
	case errors.As(err, &typ):
		field := typ.Field
		if prefix != "" {
			field = strings.TrimSuffix(prefix+"."+field, ".")
		}
		if field == "" {
			return fmt.Sprintf("it is %s where %s was expected", jsonKindName(typ.Value), goKindName(typ.Type))
		}
		return fmt.Sprintf("field %q is %s where %s was expected", outside.Line(field, 100), jsonKindName(typ.Value), goKindName(typ.Type))
	case errors.As(err, &syn):
		return fmt.Sprintf("the answer is not valid JSON (at byte %d)", syn.Offset)
	}
	return "the answer is not what DocSpace sends: " + outside.Line(err.Error(), 200)
}

// jsonKindName names a JSON value kind as UnmarshalTypeError reports it.
func jsonKindName(v string) string {
	switch {
	case v == "string":
		return "text"
	case v == "number" || strings.HasPrefix(v, "number "):
		return "a number"
	case v == "bool":
		return "true/false"
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	}
	return outside.Line(v, 30)
}

// goKindName names what a Go type expects, in JSON words.
func goKindName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true/false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another type"
}

// wireKeyInfo is KeyInfo as sent, with dates read tolerantly.
type wireKeyInfo struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	KeyPostfix  string   `json:"keyPostfix"`
	Permissions []string `json:"permissions"`
	LastUsed    apiTime  `json:"lastUsed"`
	CreateOn    apiTime  `json:"createOn"`
	ExpiresAt   apiTime  `json:"expiresAt"`
	IsActive    bool     `json:"isActive"`
}

func (w wireKeyInfo) keyInfo() KeyInfo {
	return KeyInfo{ID: w.ID, Name: w.Name, KeyPostfix: w.KeyPostfix, Permissions: w.Permissions,
		LastUsed: w.LastUsed.ptr(), CreateOn: w.CreateOn.ptr(), ExpiresAt: w.ExpiresAt.ptr(), IsActive: w.IsActive}
}

// apiTime reads a DocSpace date: an ISO-8601 string with or without an offset
// ("2026-01-02T03:04:05.0000000+00:00"), or the spec's {"utcTime": ...} object.
// Anything it cannot read is no date, not an error: a date is never worth failing a call.
type apiTime struct{ t time.Time }

// UnmarshalJSON reads a date tolerantly and never fails.
func (a *apiTime) UnmarshalJSON(b []byte) error {
	a.t = time.Time{}
	var s string
	if json.Unmarshal(b, &s) != nil {
		var obj struct {
			UTCTime string `json:"utcTime"`
		}
		if json.Unmarshal(b, &obj) != nil {
			return nil
		}
		s = obj.UTCTime
	}
	s = strings.TrimSpace(s)
	// The forms DocSpace dates come in; a date without an offset is UTC.
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() > 1 { // 0001-01-01 is .NET's "no date"
				a.t = t
			}
			return nil
		}
	}
	return nil
}

func (a apiTime) ptr() *time.Time {
	if a.t.IsZero() {
		return nil
	}
	t := a.t
	return &t
}

// wireRoomType is a room type as sent: a number, or (tolerated) its name or a numeric string.
type wireRoomType int

// UnmarshalJSON accepts 2, "2" and "EditingRoom".
func (t *wireRoomType) UnmarshalJSON(b []byte) error {
	n, err := parseEnum(b, "room type", func(name string) (int, bool) {
		for rt, i := range roomTypeTable {
			if strings.EqualFold(name, i.apiName) {
				return int(rt), true
			}
		}
		if strings.EqualFold(name, "AiRoom") {
			return 9, true
		}
		return 0, false
	})
	*t = wireRoomType(n)
	return err
}

// wireAccess is an access level as sent: a number, or (tolerated) its name or a numeric string.
type wireAccess int

// UnmarshalJSON accepts 10, "10" and "Editing".
func (a *wireAccess) UnmarshalJSON(b []byte) error {
	n, err := parseEnum(b, "access level", func(name string) (int, bool) {
		for ac, i := range accessTable {
			if strings.EqualFold(name, i.apiName) {
				return int(ac), true
			}
		}
		// FileShare values that are not room roles but may be read back.
		switch strings.ToLower(name) {
		case "none":
			return 0, true
		case "restrict":
			return 3, true
		case "varies":
			return 4, true
		case "customfilter":
			return 8, true
		}
		return 0, false
	})
	*a = wireAccess(n)
	return err
}

// parseEnum reads an enum sent as a number, a numeric string or a name.
func parseEnum(b []byte, what string, byName func(string) (int, bool)) (int, error) {
	if bytes.Equal(b, []byte("null")) {
		return 0, nil
	}
	var n int
	if json.Unmarshal(b, &n) == nil {
		return n, nil
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		if v, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			return v, nil
		}
		if v, ok := byName(strings.TrimSpace(s)); ok {
			return v, nil
		}
		return 0, fmt.Errorf("%q is not a known %s", outside.Line(s, 40), what)
	}
	return 0, fmt.Errorf("a %s is neither a number nor a name", what)
}

// wireRoom is a room folder (FolderDto) as sent.
type wireRoom struct {
	ID          wireID       `json:"id"`
	Title       string       `json:"title"`
	RoomType    wireRoomType `json:"roomType"`
	ShortWebURL string       `json:"shortWebUrl"`
	Tags        []string     `json:"tags"`
	ProviderKey string       `json:"providerKey"`
	// RootFolderType is 20 (or "Archive") for a room in the Archive section; kept raw
	// so an unexpected shape never costs the room.
	RootFolderType json.RawMessage `json:"rootFolderType"`
}

// folderTypeArchive is the rootFolderType of a room in the Archive section.
const folderTypeArchive = 20

func (w wireRoom) room() Room {
	return Room{ID: w.ID.n, TextID: w.ID.text, Storage: w.ProviderKey, Title: w.Title, RoomType: RoomType(w.RoomType),
		ShortWebURL: w.ShortWebURL, Tags: w.Tags, Archived: archivedFolder(w.RootFolderType)}
}

// archivedFolder reports a rootFolderType of 20, "20" or "Archive".
func archivedFolder(raw json.RawMessage) bool {
	v := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	return v == strconv.Itoa(folderTypeArchive) || strings.EqualFold(v, "Archive")
}

// wireID is an entry's id as sent: a number for the portal's own rooms and folders,
// text for those on third-party storage ("box-821"). A numeric string counts as a number.
type wireID struct {
	n    int
	text string
}

// UnmarshalJSON accepts 42, "42" and "box-821"; anything else is an error for its item.
func (id *wireID) UnmarshalJSON(b []byte) error {
	*id = wireID{}
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if json.Unmarshal(b, &id.n) == nil {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		// A type error names the field ("response.id") in the message.
		return &json.UnmarshalTypeError{Value: "number " + string(b), Type: reflect.TypeFor[int]()}
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		id.n = n
		return nil
	}
	id.text = s
	return nil
}

// wireMember is one FileShareDto: exactly one of sharedToUser, sharedToGroup and
// sharedLink is set (older portals put the same object in sharedTo).
type wireMember struct {
	Access  wireAccess      `json:"access"`
	User    *User           `json:"sharedToUser"`
	Group   *Group          `json:"sharedToGroup"`
	Link    json.RawMessage `json:"sharedLink"`
	IsOwner bool            `json:"isOwner"`
}

func (w wireMember) member() Member {
	m := Member{Access: Access(w.Access), IsOwner: w.IsOwner}
	if w.User != nil {
		m.User = *w.User
	}
	return m
}

// present reports a JSON value that is there and not null.
func present(raw json.RawMessage) bool { return len(raw) > 0 && !bytes.Equal(raw, []byte("null")) }

// wireRoomSecurity is the share call's answer (RoomSecurityDto).
type wireRoomSecurity struct {
	Members json.RawMessage `json:"members"`
	Warning string          `json:"warning"`
}

// wireFolderContent is the rooms list (FolderContentDto): the rooms are its folders.
type wireFolderContent struct {
	Folders json.RawMessage `json:"folders"`
	Total   *int            `json:"total"`
}

// decodeList reads the JSON list at field (for messages): whole when every item reads
// (the common case, one pass), else item by item, so one item the client cannot read
// is set aside and counted instead of failing the page. Either way each item passes
// the text boundary. Absent or null is an empty list; anything else that is not a list
// is an error naming the field.
func decodeList[T any](raw json.RawMessage, field string, use func(T)) (skipped int, err error) {
	if !present(raw) {
		return 0, nil
	}
	var all []T
	if json.Unmarshal(raw, &all) == nil {
		outside.Clean(&all)
		for _, w := range all {
			use(w)
		}
		return 0, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return 0, errors.New(describeJSONError(err, field))
	}
	return eachItem(items, use), nil
}

// eachItem decodes a list item by item, so one item the client cannot read (a field
// of the wrong type, an unknown enum) is set aside and counted instead of failing the
// whole page. Each item passes the same text boundary as a whole answer.
func eachItem[T any](raw []json.RawMessage, use func(T)) (skipped int) {
	for _, r := range raw {
		var w T
		if !present(r) || json.Unmarshal(r, &w) != nil {
			skipped++
			continue
		}
		outside.Clean(&w)
		use(w)
	}
	return skipped
}

// members sorts a member list into people, groups and links; entries that are none of
// these, or unreadable, are skipped.
func members(raw json.RawMessage, field string) (MemberPage, error) {
	page := MemberPage{Members: make([]Member, 0, 16)}
	skipped, err := decodeList(raw, field, func(w wireMember) {
		switch {
		case w.User != nil && (w.User.ID != "" || w.User.Email != ""):
			page.Members = append(page.Members, w.member())
		case w.Group != nil:
			page.Groups++
			if w.Group.ID != "" {
				page.GroupEntries = append(page.GroupEntries, Member{Access: Access(w.Access), Group: *w.Group})
			}
		case present(w.Link):
			page.Links++
		default:
			page.Skipped++
		}
	})
	page.Skipped += skipped
	return page, err
}

// tooLarge is the error for an answer over the client's size cap.
func tooLarge(status int, limit int64) *APIError {
	size := fmt.Sprintf("%d bytes", limit)
	if limit >= 1<<20 && limit%(1<<20) == 0 {
		size = fmt.Sprintf("%d MB", limit>>20)
	}
	return &APIError{Kind: KindBadResponse, Status: status, Message: "the portal's answer was larger than " + size}
}
