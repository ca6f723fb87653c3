package docspace

import (
	"context"
	"errors"
	"fmt"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"github.com/docspace-wizard/docspace-wizard/internal/redact"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Room templates: the portal lists them as rooms in the Templates search area, and a
// room is made from one by a background job that is started, then polled.

// DefaultTemplateWait bounds how long a run waits for the portal's job that creates a
// room from a template.
const DefaultTemplateWait = 2 * time.Minute

// maxTemplatePages bounds the pages Templates reads (10,000 templates).
const maxTemplatePages = 100

// searchAreaTemplates is the Templates search area (SearchArea.Templates, 4). The web
// client sends the name; the number means the same to the server and is what the
// OpenAPI specification allows.
const searchAreaTemplates = "4"

// Template is a room template of the portal: a room that new rooms are copied from.
type Template struct {
	ID    int
	Title string
	// RoomType is the type of the rooms made from it: the template decides it.
	RoomType RoomType
	Tags     []string
}

// TemplateJob is the state of the portal's job creating a room from a template
// (RoomFromTemplateStatusDto).
type TemplateJob struct {
	// RoomID is the room the job made; 0 while the portal has not said.
	RoomID int
	// Progress is how far the job is, 0 to 100.
	Progress float64
	// Error is the portal's reason when the job failed; "" otherwise.
	Error string
	// Done is true once the job has finished, well or not (isCompleted).
	Done bool
}

// CreateRoomFromTemplateRequest is the body of POST /api/2.0/files/rooms/fromtemplate:
// the template, the new room's title and the room options set. Anything not sent is
// taken from the template.
type CreateRoomFromTemplateRequest struct {
	TemplateID int      `json:"templateId"`
	Title      string   `json:"title"`
	Tags       []string `json:"tags,omitempty"`
	RoomOptionFields
}

// WithTemplateWait bounds the wait for a room-from-template job (DefaultTemplateWait
// when d <= 0): the time slept between status polls counts, as does the time passed.
func WithTemplateWait(d time.Duration) Option { return func(c *Client) { c.templateWait = d } }

// FromTemplate reports whether the new room is made from a template.
func (n NewRoom) FromTemplate() bool { return n.TemplateID > 0 || strings.TrimSpace(n.Template) != "" }

// ListTemplates calls GET /api/2.0/files/rooms in the Templates search area, as the web
// client lists the room templates; f filters by title and pages.
func (c *Client) ListTemplates(ctx context.Context, f RoomFilter) ([]Template, int, error) {
	op := "listing room templates"
	page, err := c.listRooms(ctx, op, f, searchAreaTemplates)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Template, 0, len(page.Rooms))
	for _, r := range page.Rooms {
		if r.ThirdParty() {
			continue // a template is always the portal's own
		}
		out = append(out, Template{ID: r.ID, Title: r.Title, RoomType: r.RoomType, Tags: r.Tags})
	}
	return out, page.Total, nil
}

// Templates returns every room template the key's user can use, page by page.
func (c *Client) Templates(ctx context.Context) ([]Template, error) {
	var all []Template
	for page, start := 0, 0; page < maxTemplatePages; page++ {
		ts, total, err := c.ListTemplates(ctx, RoomFilter{StartIndex: start, Count: PageSize})
		if err != nil {
			return nil, err
		}
		all = append(all, ts...)
		start += PageSize
		if len(ts) == 0 || start >= total {
			break
		}
	}
	return all, nil
}

// CreateRoomFromTemplate calls POST /api/2.0/files/rooms/fromtemplate, which starts the
// job and answers with its first status. Never retried: the job may have started.
func (c *Client) CreateRoomFromTemplate(ctx context.Context, req CreateRoomFromTemplateRequest) (TemplateJob, error) {
	const path = "/api/2.0/files/rooms/fromtemplate"
	req.Title = strings.TrimSpace(req.Title)
	op := fmt.Sprintf("creating room %q from template %d", req.Title, req.TemplateID)
	switch {
	case req.TemplateID <= 0:
		return TemplateJob{}, c.refuse(op, http.MethodPost, path, "no template id given")
	case req.Title == "":
		return TemplateJob{}, c.refuse(op, http.MethodPost, path, "the room title is empty")
	}
	if long := titleTooLong("the room title", req.Title); long != "" {
		return TemplateJob{}, c.refuse(op, http.MethodPost, path, long)
	}
	var w wireTemplateJob
	if err := c.do(ctx, op, http.MethodPost, path, nil, req, &w, false); err != nil {
		return TemplateJob{}, err
	}
	return w.job(), nil
}

// TemplateJobStatus calls GET /api/2.0/files/rooms/fromtemplate/status: the state of the
// account's latest room-from-template job (the portal keeps one per account).
func (c *Client) TemplateJobStatus(ctx context.Context) (TemplateJob, error) {
	const path = "/api/2.0/files/rooms/fromtemplate/status"
	var w wireTemplateJob
	if err := c.do(ctx, "reading the room-from-template job", http.MethodGet, path, nil, nil, &w, true); err != nil {
		return TemplateJob{}, err
	}
	return w.job(), nil
}

// wireTemplateJob is RoomFromTemplateStatusDto as sent.
type wireTemplateJob struct {
	RoomID      wireID  `json:"roomId"`
	Progress    float64 `json:"progress"`
	Error       string  `json:"error"`
	IsCompleted bool    `json:"isCompleted"`
}

func (w wireTemplateJob) job() TemplateJob {
	return TemplateJob{RoomID: max(w.RoomID.n, 0), Progress: min(max(w.Progress, 0), 100),
		Error: strings.TrimSpace(w.Error), Done: w.IsCompleted}
}

// ResolveTemplate finds the template named by ref, an id or a title, among ts: an id
// first, then the exact title, then the title in any case. The error is a sentence
// naming the candidates when ref names none or several.
func ResolveTemplate(ts []Template, ref string) (Template, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.Atoi(ref); err == nil {
		for _, t := range ts {
			if t.ID == id {
				return t, nil
			}
		}
	}
	for _, same := range []func(string) bool{
		func(s string) bool { return TrimTitle(s) == ref },
		func(s string) bool { return strings.EqualFold(TrimTitle(s), ref) },
	} {
		var found []Template
		for _, t := range ts {
			if same(t.Title) {
				found = append(found, t)
			}
		}
		switch {
		case len(found) == 1:
			return found[0], nil
		case len(found) > 1:
			return Template{}, fmt.Errorf("%d room templates are titled %q: give the id instead, one of %s", len(found), ref, templateList(found))
		}
	}
	if len(ts) == 0 {
		return Template{}, fmt.Errorf("the portal has no room template %q, and no room templates at all: save a room as a template in DocSpace first, or create the room with --type", ref)
	}
	return Template{}, fmt.Errorf("the portal has no room template %q: use one of %s", ref, templateList(ts))
}

// maxListedTemplates bounds the candidates a sentence names.
const maxListedTemplates = 10

// templateList names templates for a sentence: `12 "Client onboarding" (Virtual data room), …`.
func templateList(ts []Template) string {
	names := make([]string, 0, min(len(ts), maxListedTemplates)+1)
	for i, t := range ts {
		if i == maxListedTemplates {
			names = append(names, fmt.Sprintf("and %d more", len(ts)-i))
			break
		}
		names = append(names, fmt.Sprintf("%d %q (%s)", t.ID, t.Title, t.RoomType))
	}
	return strings.Join(names, ", ")
}

// templatePollWaits are the pauses between status polls: short at first, since most
// jobs finish in a second or two, then every two seconds.
var templatePollWaits = []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second}

// ErrTemplateJob is what a failed or unfinished room-from-template job's error is (errors.Is).
var ErrTemplateJob = errors.New("the room-from-template job did not finish")

// ErrTemplateJobUnread is what the error is (errors.Is, besides ErrTemplateJob) when
// the job made its room but its state could not be read, or the run was stopped while
// it polled: the job may or may not have finished.
var ErrTemplateJobUnread = errors.New("the room-from-template job's state could not be read")

// templateJobError is a job that failed, or that did not finish within the wait, or
// (unread) whose end is not known: a status poll failed (cause) or the run was stopped.
type templateJobError struct {
	msg    string
	cause  error
	unread bool
}

func (e *templateJobError) Error() string { return e.msg }
func (e *templateJobError) Unwrap() error { return e.cause }
func (e *templateJobError) Is(target error) bool {
	return target == ErrTemplateJob || e.unread && target == ErrTemplateJobUnread
}

// createFromTemplate makes the room titled title from the plan's template: the job is
// started, then polled until it finishes or the wait ends. When it fails, does not
// finish or its start's answer is lost, the room it may have made is looked for, so
// the result names it (and a retry uses it) instead of making a second one.
func (r *run) createFromTemplate(title string) (Room, error) {
	nr := r.plan.NewRoom
	before, ok := r.pre.roomsTitledBefore(title)
	var beforeErr error
	if !ok {
		before, beforeErr = r.c.roomsTitled(r.reqCtx, title)
	}
	// found is the room the job may have made, by the id it gave or else by title; ok
	// false and sure true mean no such room exists.
	found := func(id int) (Room, bool, bool) {
		if id > 0 {
			if room, err := r.c.GetRoom(r.reqCtx, id); err == nil {
				return room, true, true
			}
			return Room{ID: id, Title: title, RoomType: nr.Type, Link: r.c.RoomLink(id)}, true, true
		}
		return r.c.findCreatedRoom(r.reqCtx, title, before, beforeErr)
	}
	req := CreateRoomFromTemplateRequest{TemplateID: nr.TemplateID, Title: title}
	req.Tags, req.RoomOptionFields = nr.Options.Request()
	job, err := r.c.reporting(r.emit, Event{Phase: PhaseCreate}).CreateRoomFromTemplate(r.reqCtx, req)
	if err != nil {
		if !createMayHaveHappened(err) {
			return Room{}, err
		}
		// The job may have started: it runs on, so not finding its room yet proves nothing.
		if room, ok, _ := found(0); ok {
			return room, nil
		}
		r.res.RoomUncertain = true
		return Room{}, fmt.Errorf("%w; the portal may be creating the room from the template anyway: look for %q in DocSpace before running again", err, title)
	}
	job, err = r.waitTemplateJob(job)
	switch {
	case err == nil && job.Error == "" && job.RoomID > 0:
		// Done: the room is the plan's, with the template's type; no read, so a template
		// create costs only its polls more than a plain one.
		return Room{ID: job.RoomID, Title: title, RoomType: nr.Type, Link: r.c.RoomLink(job.RoomID)}, nil
	case err == nil && job.Error == "" && job.Done:
		err = &templateJobError{msg: fmt.Sprintf("the portal finished creating room %q from the template without naming the room", title)}
	case err == nil && job.Error != "":
		// The portal's own words: cleaned like any answer's message and rid of the key.
		reason := redact.Secrets(outside.Line(job.Error, 300), r.c.key)
		msg := fmt.Sprintf("the portal could not create room %q from the template: %s", title, reason)
		if strings.Contains(job.Error, unknownCoverParam) {
			msg += "; the portal has no cover by that name: give one of its covers to --cover, or leave it out"
		}
		err = &templateJobError{msg: msg}
	}
	// Failed, unfinished or unnamed: name the room if there is one, stop before inviting.
	room, ok, sure := found(job.RoomID)
	switch {
	case ok:
		r.res.Room, r.res.RoomCreated = &room, true
		if !errors.Is(err, ErrTemplateJob) { // a poll failed: the job may have finished or not
			err = &templateJobError{msg: err.Error(), cause: err, unread: true}
		}
		return Room{}, fmt.Errorf("%w; room %q (id %d) exists but may be incomplete: check it in DocSpace", err, room.Title, room.ID)
	case !sure || !job.Done:
		r.res.RoomUncertain = true
		return Room{}, fmt.Errorf("%w; the portal may still create the room: look for %q in DocSpace before running again", err, title)
	}
	return Room{}, err
}

// waitTemplateJob polls the job's status until it is done, or the wait ends (an error
// wrapping ErrTemplateJob), or a poll fails for good (that error). Each poll's
// progress is reported as a PhaseCreate event.
func (r *run) waitTemplateJob(job TemplateJob) (TemplateJob, error) {
	limit := r.c.templateWait
	if limit <= 0 {
		limit = DefaultTemplateWait
	}
	start := r.c.now()
	var waited time.Duration
	for i := 0; !job.Done; i++ {
		if i > 0 {
			r.emit(Event{Phase: PhaseCreate, State: EventStarted, Progress: job.Progress})
		}
		pause := templatePollWaits[min(i, len(templatePollWaits)-1)]
		if waited+pause > limit || r.c.now().Sub(start)+pause > limit {
			return job, &templateJobError{msg: fmt.Sprintf("the portal's job creating the room from the template did not finish within %s (%.0f%% done)", waitWords(limit), job.Progress)}
		}
		if err := r.c.sleep(r.ctx, pause); err != nil {
			// The job runs on at the portal: whether it finishes is not known.
			return job, &templateJobError{msg: "stopped while the portal was creating the room from the template", unread: true}
		}
		waited += pause
		next, err := r.c.reporting(r.emit, Event{Phase: PhaseCreate}).TemplateJobStatus(r.reqCtx)
		if err != nil {
			return job, err
		}
		job = next
	}
	return job, nil
}

// findTemplate reads the portal's templates and finds the one nr names, into
// pre.Template; a template that cannot be found is a problem of the plan
// (pre.templateProblem), a listing that fails is the error.
func (pre *Preflight) findTemplate(ctx context.Context, c *Client, nr NewRoom) error {
	ts, err := c.Templates(ctx)
	if err != nil {
		return err
	}
	ref := nr.Template
	if nr.TemplateID > 0 {
		ref = strconv.Itoa(nr.TemplateID)
	}
	t, err := ResolveTemplate(ts, ref)
	switch {
	case err != nil:
		msg := err.Error()
		pre.templateProblem = strings.ToUpper(msg[:1]) + msg[1:] + "."
	case !t.RoomType.Valid():
		pre.templateProblem = fmt.Sprintf("Template %q makes rooms of a type this tool does not create (%s): choose another template.", t.Title, t.RoomType)
	default:
		pre.Template = &t
	}
	return nil
}
