package docspace

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// MaxTitleLength is the longest room title the server accepts, after trimming.
const MaxTitleLength = 170

// NewRoom describes a room to create.
type NewRoom struct {
	Title string
	Type  RoomType
	// Options are the room's settings beyond title and type; the zero value sets none.
	Options RoomOptions
	// Template names the room template to copy, by id or title as given (the check
	// resolves it); after Preflight.Resolve, the template's title. "" for a plain room.
	Template string
	// TemplateID is the template's id once known; the template then decides Type.
	TemplateID int
}

// Invitee is one person to invite: by e-mail, or by user id when they are a known portal user.
type Invitee struct {
	Email  string
	UserID string // set when the person is a known portal user
	Name   string // display name, from the pasted text or the portal
	Access Access
	// Line is the 1-based line of the pasted text or CSV file it came from; 0 when unknown.
	Line int
	// Group is set when the invitee is a portal group rather than a person (a
	// pointer, so a person's entry stays small: plans copy thousands of them).
	Group *GroupRef
}

// GroupRef is the portal group an invitee stands for: its name as given ("@Sales
// team") or as the portal spells it once resolved, its id once known
// (Preflight.Resolve), and how many people it has.
type GroupRef struct {
	Name, ID string
	Members  int
}

// Plan is everything a run will do: a new room or an existing one, and whom to invite.
type Plan struct {
	// NewRoom is set to create a room; otherwise RoomID names an existing room.
	NewRoom *NewRoom
	RoomID  int
	// RoomType is the type of the existing room, when known (from GetRoom).
	RoomType RoomType
	Invitees []Invitee
	Notify   bool
	Message  string
	// Link, when set, turns on the room's invitation link after the invitations.
	Link *LinkPlan
	// Culture is the language of the invitation e-mails to new and pending guests
	// ("de", "pt-BR", one of the portal's cultures); "" for the portal's own. Existing
	// users always get their own language.
	Culture string
}

// Field names the part of a plan a problem belongs to, so a UI can send the user there.
type Field string

// Plan fields.
const (
	FieldRoom     Field = "room"
	FieldTitle    Field = "title"
	FieldType     Field = "type"
	FieldInvitees Field = "invitees"
	FieldAccess   Field = "access"
	FieldMessage  Field = "message"
	FieldSettings Field = "settings" // the new room's options (RoomOptions)
	FieldTemplate Field = "template"
	FieldLanguage Field = "language" // the invitation e-mails' language (Plan.Culture)
	FieldLink     Field = "link"     // the room's invitation link (Plan.Link)
)

// Problem is one reason a plan cannot run as it is.
type Problem struct {
	Field Field
	// Invitee is the index into Plan.Invitees the problem is about, or -1.
	Invitee int
	Message string
}

// Problems is every problem of a plan; it is an error when not empty.
type Problems []Problem

// PortalFacts are what Validate needs to know about the portal; the zero value assumes
// guests may be invited and no invitee is a known portal user.
type PortalFacts struct {
	GuestsDisabled bool
	// RoomQuotasKnown is true once the portal's room quota setting has been read
	// (Check reads it when the plan sets a quota); RoomQuotasOn is that setting.
	RoomQuotasKnown, RoomQuotasOn bool
	// UsersKnown is true once the invitees who must be invited by id have been looked
	// up (Check does it); until then "Room admin by e-mail" is not reported, since the
	// look-up may still find the person.
	UsersKnown bool
	// Users are invitees known to be portal users, by lower-cased e-mail: Room admin
	// is refused for those who are neither DocSpace admins nor room admins.
	Users map[string]User
	// InvitationsLimited is true when the portal limits e-mail invitations, and
	// InvitationsLeft is how many it may still send today (portal-wide, rolling).
	InvitationsLimited bool
	InvitationsLeft    int
	// Members are the existing room's members before the run (Preflight.Members): an
	// invitee who has the access asked for already is not sent, so costs nothing.
	Members map[string]Member
	// CulturesKnown is true once the portal's languages have been read (Check does
	// it when the plan names one); Cultures are they.
	CulturesKnown bool
	Cultures      []string
	// GroupsKnown is true once the portal's groups have been read (Check does it
	// when the plan names a group); Groups are they.
	GroupsKnown bool
	Groups      []Group
	// Template is why the plan's template could not be found (unknown, several so
	// titled, of a type the wizard does not make); "" when it was, or none is asked for.
	Template string
}

// Phase is a stage of a run.
type Phase int

// Phases, in order.
const (
	PhaseCheck   Phase = iota // key, invitation settings and limit, in parallel
	PhaseCreate               // POST /files/rooms
	PhaseInvite               // PUT /files/rooms/{id}/share, in batches
	PhaseConfirm              // GET /files/rooms/{id}/share, paged
	PhaseLink                 // PUT /files/rooms/{id}/links, when the plan turns the link on
)

// EventState is what happened to a phase or batch.
type EventState int

// Event states.
const (
	EventStarted EventState = iota
	EventRetrying
	EventDone
	EventFailed
)

// Event is a progress report from Execute, sent as each call starts and ends.
type Event struct {
	Phase Phase
	State EventState
	// Batch and Batches number the share calls (1-based) during PhaseInvite.
	Batch, Batches int
	// Sent and Total count invitations sent so far and overall.
	Sent, Total int
	// Room is set once the room is known.
	Room *Room
	// RetryIn is the wait before the next attempt when State is EventRetrying.
	RetryIn time.Duration
	Err     error
	// Progress is how far the portal's job creating a room from a template is (0–100),
	// on the PhaseCreate events sent while it is polled.
	Progress float64
}

// RetryText says, for an EventRetrying, what went wrong and when the call is tried
// again, e.g. "the connection was refused; retrying in 500ms". Every front-end words
// its retry lines with it.
func (e Event) RetryText() string {
	cause := retryCause(e.Err)
	var ae *APIError
	if errors.As(e.Err, &ae) && ae.RetryAfter > 0 && ae.RetryAfter == e.RetryIn {
		return cause + "; retrying in " + waitWords(e.RetryIn) + ", as the portal asked"
	}
	return cause + "; retrying in " + waitWords(e.RetryIn)
}

// retryCause is what made a call fail, in a few words: the portal's answer, or what
// the connection did.
func retryCause(err error) string {
	var ae *APIError
	if !errors.As(err, &ae) {
		if err == nil {
			return "the call failed"
		}
		return err.Error()
	}
	switch ae.Status {
	case 0:
	case http.StatusTooManyRequests:
		return "too many requests (HTTP 429)"
	case http.StatusBadGateway:
		return "the portal's gateway failed (HTTP 502)"
	case http.StatusServiceUnavailable:
		return "the portal is unavailable (HTTP 503)"
	case http.StatusGatewayTimeout:
		return "the portal's gateway timed out (HTTP 504)"
	default:
		return fmt.Sprintf("%s (HTTP %d)", ae.Kind.summary(), ae.Status)
	}
	var ne *netError
	if errors.As(ae.Err, &ne) {
		if ne.brief != "" {
			return ne.brief
		}
		return ne.msg
	}
	return ae.Kind.summary()
}

// OutcomeKind is what happened to one invitee.
type OutcomeKind int

// Outcome kinds.
const (
	OutcomeNotSent       OutcomeKind = iota // never sent: the run stopped before
	OutcomeNewGuest                         // invited by e-mail; a pending guest now
	OutcomeAdded                            // an existing portal user, now a member
	OutcomeAlreadyMember                    // already had that access before the run
	OutcomeFailed                           // the portal refused or the run failed; see Reason
	OutcomeUnconfirmed                      // sent and accepted, but reading the members back failed
	OutcomeAccessChanged                    // already a member; the run changed their access (see Before)
)

// Outcome is the confirmed result for one invitee.
type Outcome struct {
	Invitee Invitee
	Kind    OutcomeKind
	// Access is the access the member has after the run (as read back), if a member.
	Access Access
	// Before is the access the person had in the room before the run; AccessNone when
	// they were not a member.
	Before Access
	Reason string
	// MemberID is the member's user id as read back, and Pending is true when they
	// are a guest who has not accepted the invitation yet (one to resend it to).
	MemberID string
	Pending  bool
}

// Change is "Editor → Viewer: lowers access" for a member whose access the run
// changed, "" for anyone else.
func (o Outcome) Change() string {
	if o.Kind != OutcomeAccessChanged {
		return ""
	}
	to := o.Access
	if to == AccessNone {
		to = o.Invitee.Access
	}
	return AccessChange(o.Before, to)
}

// Status sums up what a run did.
type Status int

// Run statuses; the front-ends report them as how the command ended (onboard.RunEnd).
const (
	StatusComplete    Status = iota // every invitee is in the room
	StatusFailed                    // nothing useful happened (no room, or no invitee in)
	StatusPartial                   // the room exists but some invitations failed
	StatusKeyRejected               // the key check failed; nothing was written
	StatusInterrupted               // cancelled by the user
	StatusInvalid                   // the plan has problems; nothing was written
)

// Result is what a run did. Whenever a room exists, Room is set, whatever failed after.
type Result struct {
	Room *Room
	// RoomCreated is true when this run created Room.
	RoomCreated bool
	// RoomUncertain is true when the create call's answer was lost and whether the
	// room was created anyway could not be told: the user must look before running again.
	RoomUncertain bool
	// Template is the title of the room template this run made Room from; "" otherwise.
	Template string
	Outcomes []Outcome
	// Link is the room's invitation link when the run turned it on; nil otherwise.
	Link *RoomLink
	// LinkErr is why the plan's invitation link is not known to be on: its call failed
	// after the room and its people were done. Nil when it was turned on or not asked for.
	LinkErr *LinkError
	// Err is the error that stopped the run early, nil when every phase ran.
	Err       error
	Cancelled bool
	Elapsed   time.Duration
}
