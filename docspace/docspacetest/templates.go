package docspacetest

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Room templates, as the server keeps them: rooms in the Room templates folder,
// listed by GET /api/2.0/files/rooms with searchArea=Templates (or 4), and copied into
// a new room by a background job (POST .../rooms/fromtemplate) whose state each
// account reads with GET .../rooms/fromtemplate/status; the server keeps one job per
// account, a new one replacing the last. Template members are not copied.

// templatesFolderID is the id of the Room templates folder the templates live in.
const (
	templatesFolderID       = 2
	folderTypeRoomTemplates = 30
)

// DefaultTemplatePolls is how many status polls a template job takes to finish unless
// TemplateJobs says otherwise.
const DefaultTemplatePolls = 3

// TemplateJobs sets how the portal's room-from-template jobs go.
type TemplateJobs struct {
	// Polls is how many status polls a job takes to finish (DefaultTemplatePolls when 0):
	// the first poll after the start says Polls-1 to go, and so on.
	Polls int
	// Error, when set, makes each job fail with it once its polls are done; the room is
	// made first (and left, incomplete) unless FailBeforeRoom.
	Error          string
	FailBeforeRoom bool
	// Never makes each job stop half-way and never finish; its room exists.
	Never bool
}

// WithTemplateJobs sets how room-from-template jobs go (see TemplateJobs).
func WithTemplateJobs(j TemplateJobs) Option { return func(p *Portal) { p.tmpl.jobs = j } }

// WithTemplate seeds a room template owned by the portal owner.
func WithTemplate(title string, t docspace.RoomType, tags ...string) Option {
	return func(p *Portal) { p.AddTemplate(title, t, tags...) }
}

// templateState is the portal's templates and each account's latest job.
type templateState struct {
	list []*room
	jobs TemplateJobs
	job  map[string]*templateJob // by user id
}

// templateJob is one room-from-template job.
type templateJob struct {
	title    string
	roomID   int // 0 until the room is made
	polls    int // status polls answered so far
	progress float64
	err      string
	fail     string // why the job fails whatever the knobs say (a cover the portal lacks)
	done     bool
}

// SetTemplateJobs changes how the jobs started from now on go.
func (p *Portal) SetTemplateJobs(j TemplateJobs) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tmpl.jobs = j
}

// firstTemplateID is the first template's id: templates are numbered apart from
// rooms, so seeding them shifts no room's id (the server numbers both as folders).
const firstTemplateID = 90001

// AddTemplate adds a room template owned by the portal owner and returns its id.
func (p *Portal) AddTemplate(title string, t docspace.RoomType, tags ...string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	owner := p.ownerLocked()
	now := p.now()
	id := firstTemplateID + len(p.tmpl.list)
	r := &room{
		id: id, title: title, typ: t, tags: append([]string{}, tags...), created: now, modified: now,
		ownerID: owner.ID, short: uuidOf(fmt.Sprintf("template/%d", id))[:8],
		members: map[string]docspace.Access{}, groupAcc: map[string]docspace.Access{},
	}
	r.set(owner.ID, docspace.AccessRoomManager)
	p.tmpl.list = append(p.tmpl.list, r)
	return r.id
}

// Templates returns the room templates, by ascending id.
func (p *Portal) Templates() []docspace.Template {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]docspace.Template, 0, len(p.tmpl.list))
	for _, r := range p.tmpl.list {
		out = append(out, docspace.Template{ID: r.id, Title: r.title, RoomType: r.typ, Tags: append([]string(nil), r.tags...)})
	}
	return out
}

// templatesArea reports whether a searchArea value names the Templates area.
func templatesArea(v string) bool { return v == "4" || strings.EqualFold(v, "Templates") }

// serveListTemplates lists the templates the caller may use, as FolderDto items whose
// root folder is Room templates, filtered and paged like rooms.
func (p *Portal) serveListTemplates(c *apiCall, start, count int) {
	filter := strings.ToLower(c.r.URL.Query().Get("filterValue"))
	p.mu.Lock()
	var match []*room
	for _, r := range p.tmpl.list {
		if visibleLocked(r, c.user) && (filter == "" || strings.Contains(strings.ToLower(r.title), filter)) {
			match = append(match, r)
		}
	}
	sort.SliceStable(match, func(i, j int) bool { return match[i].id > match[j].id })
	total := len(match)
	page := match[min(start, total):min(start+count, total)]
	folders := make([]folderDTO, 0, len(page))
	for _, r := range page {
		dto := p.roomDTOLocked(r, c.user, c.base)
		dto.RootFolderType, dto.RootFolderID, dto.ParentID = folderTypeRoomTemplates, templatesFolderID, templatesFolderID
		folders = append(folders, dto)
	}
	inRoom := false
	current := folderDTO{
		ID: templatesFolderID, Title: "Templates", Access: docspace.AccessNone,
		RootFolderType: folderTypeRoomTemplates, Type: folderTypeRoomTemplates, FileEntryType: fileEntryFolder,
		RootFolderID: templatesFolderID, FoldersCount: total, InRoom: &inRoom,
	}
	p.mu.Unlock()
	writeOK(c, folderContentDTO{
		Files: []folderDTO{}, Folders: folders, Current: current,
		PathParts:  []pathPart{{ID: templatesFolderID, Title: "Templates"}},
		StartIndex: start, Count: len(folders), Total: total,
	}, len(folders), &total)
}

// roomFromTemplateIn is CreateRoomFromTemplateDto; the overrides are read so that a
// wrong type is refused as the server refuses it, and tags replace the template's.
type roomFromTemplateIn struct {
	TemplateID *int      `json:"templateId"`
	Title      *string   `json:"title"`
	Tags       *[]string `json:"tags"`
	Color      *string   `json:"color"`
	Cover      *string   `json:"cover"`
	Quota      *int64    `json:"quota"`
	Indexing   *bool     `json:"indexing"`
	Deny       *bool     `json:"denyDownload"`
	Private    *bool     `json:"private"`
	CopyLogo   *bool     `json:"copyLogo"`
}

// templateStatusDTO is RoomFromTemplateStatusDto.
type templateStatusDTO struct {
	RoomID      int     `json:"roomId"`
	Progress    float64 `json:"progress"`
	Error       *string `json:"error"`
	IsCompleted bool    `json:"isCompleted"`
}

func (j *templateJob) dto() templateStatusDTO {
	if j == nil {
		return templateStatusDTO{}
	}
	d := templateStatusDTO{RoomID: j.roomID, Progress: j.progress, IsCompleted: j.done}
	if j.err != "" {
		e := j.err
		d.Error = &e
	}
	return d
}

func (p *Portal) serveRoomFromTemplate(c *apiCall) {
	var in roomFromTemplateIn
	if !decodeBody(c, &in) {
		return
	}
	if in.TemplateID == nil {
		writeProblem(c.w, "TemplateId", "The TemplateId field is required.")
		return
	}
	if in.Title == nil {
		writeProblem(c.w, "Title", "The Title field is required.")
		return
	}
	title, ok := checkTitleAndColor(c, *in.Title, in.Color)
	if !ok {
		return
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	var tmpl *room
	for _, r := range p.tmpl.list {
		if r.id == *in.TemplateID && visibleLocked(r, c.user) {
			tmpl = r
		}
	}
	switch {
	case !c.user.Role.managesRooms():
		writeError(c.w, http.StatusForbidden, msgNoCreate)
		return
	case tmpl == nil:
		writeError(c.w, http.StatusNotFound, msgFolderNotFound)
		return
	case title == "":
		writeError(c.w, http.StatusBadRequest, msgEmptyTitle)
		return
	case p.roomQuota > 0 && len(p.rooms) >= p.roomQuota:
		writeError(c.w, http.StatusPaymentRequired, msgRoomQuota)
		return
	}
	job := &templateJob{title: title}
	if in.Cover != nil && *in.Cover != "" && !slices.Contains(Covers, *in.Cover) {
		job.fail = msgBadCover // checked before the room is saved
	}
	if job.fail == "" && (!p.tmpl.jobs.FailBeforeRoom || p.tmpl.jobs.Error == "") {
		// The job makes the room first, then copies the template's content into it.
		tags := tmpl.tags
		if in.Tags != nil {
			tags = *in.Tags
		}
		r := p.newRoomLocked(title, tmpl.typ, c.user.ID, tags)
		if in.Cover != nil {
			r.settings.Cover = *in.Cover
		}
		job.roomID = r.id
	}
	if p.tmpl.job == nil {
		p.tmpl.job = map[string]*templateJob{}
	}
	p.tmpl.job[c.user.ID] = job
	// The answer is the job as queued: no room named yet, nothing done.
	writeOK(c, templateStatusDTO{}, 1, nil)
}

func (p *Portal) serveTemplateStatus(c *apiCall) {
	p.mu.Lock()
	defer p.mu.Unlock()
	job := p.tmpl.job[c.user.ID]
	if job != nil && !job.done {
		job.polls++
		polls := p.tmpl.jobs.Polls
		if polls <= 0 {
			polls = DefaultTemplatePolls
		}
		switch {
		case p.tmpl.jobs.Never:
			job.progress = 50
		case job.polls >= polls:
			job.done, job.progress = true, 100
			job.err = p.tmpl.jobs.Error
			if job.fail != "" {
				job.err = job.fail
			}
		default:
			job.progress = float64(100 * job.polls / polls)
		}
	}
	writeOK(c, job.dto(), 1, nil)
}
