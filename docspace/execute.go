package docspace

import "context"

// Preflight is what a run learns about the portal before writing anything.
type Preflight struct {
	Key         KeyInfo
	Invitations InvitationSettings
	Settings    PortalSettings
	// Room is the existing room when the plan names one (its type decides the allowed access).
	Room *Room
	// Members are the existing room's members before the run, by lower-cased e-mail.
	Members map[string]Member
	// Users are invitees found to be portal users, by lower-cased e-mail.
	Users map[string]User
}

// Check runs the read-only checks of a plan in parallel: the key, the invitation
// settings and limit, the existing room and its members, and look-ups of invitees who
// need to be invited by id. A rejected key is a KindUnauthorized error.
func (c *Client) Check(ctx context.Context, p Plan) (*Preflight, error) { return nil, errTODO }

// Execute runs a plan: create the room (if new), invite in batches, read the members back.
// pre may be nil, in which case Check runs first. onEvent may be nil; it is called from
// the goroutine running Execute and from batch goroutines, never concurrently.
func (c *Client) Execute(ctx context.Context, p Plan, pre *Preflight, onEvent func(Event)) Result {
	return Result{Err: errTODO}
}

// Status sums up the result for exit codes.
func (r Result) Status() Status { return StatusFailed }

// Failed returns the invitees whose invitation failed or was never sent, to retry them.
func (r Result) Failed() []Invitee { return nil }
