package docspacetest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// msgBadCover is the server's refusal of a cover not in its list (RoomLogoManager
// throws ArgumentException for "icon", answered 400).
const msgBadCover = "Value does not fall within the expected range. (Parameter 'icon')"

// Covers are the names of the server's built-in room covers (products/ASC.Files/Core/Covers), a part of the list.
var Covers = []string{"anchor", "archive", "bell", "book_open", "bookmark", "calendar", "camera", "cart", "clipboard", "cloud",
	"dollar", "feather", "film", "flag", "folder", "gift", "hash", "headphones", "heart", "house", "label", "layers", "mail", "map", "medal"}

// msgRoomQuotaTooBig is the server's refusal of a room quota above the portal's storage.
const msgRoomQuotaTooBig = "Room quota cannot exceed portal quota"

// defaultMaxTotalSize is the portal's storage when no test sets it: 100 GB.
const defaultMaxTotalSize int64 = 100 << 30

// RoomSettings are the options a room was created with, as the portal stored them.
type RoomSettings struct {
	Color        string
	Cover        string
	Quota        *int64
	Indexing     bool
	DenyDownload bool
	Lifetime     *docspace.LifetimeRequest
	Watermark    *docspace.WatermarkRequest
}

// roomOptionsIn are the options of a create request; nil where not sent.
type roomOptionsIn struct {
	Color        *string          `json:"color"`
	Cover        *string          `json:"cover"`
	Quota        *int64           `json:"quota"`
	Indexing     *bool            `json:"indexing"`
	DenyDownload *bool            `json:"denyDownload"`
	Lifetime     *json.RawMessage `json:"lifetime"`
	Watermark    *json.RawMessage `json:"watermark"`
}

type lifetimeIn struct {
	Enabled           *bool `json:"enabled"`
	Value             *int  `json:"value"`
	Period            *int  `json:"period"`
	DeletePermanently bool  `json:"deletePermanently"`
}

type watermarkIn struct {
	Enabled   *bool   `json:"enabled"`
	Additions *int    `json:"additions"`
	Text      *string `json:"text"`
	Rotate    int     `json:"rotate"`
}

// WithRoomQuotas sets the portal's room quota setting (GET portal/payment/quota,
// roomsQuota.enableQuota); it is off unless set, as on a new portal.
func WithRoomQuotas(on bool) Option { return func(p *Portal) { p.roomQuotasOn = on } }

// WithTags adds tags to the portal's list, as if made for earlier rooms.
func WithTags(tags ...string) Option {
	return func(p *Portal) {
		for _, t := range tags {
			p.addTagLocked(t)
		}
	}
}

// SetRoomQuotas turns the portal's room quota setting on or off.
func (p *Portal) SetRoomQuotas(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.roomQuotasOn = on
}

// Tags returns the portal's tags in the order they were made.
func (p *Portal) Tags() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.tags...)
}

// RoomSettingsOf returns the options room id was created with.
func (p *Portal) RoomSettingsOf(id int) (RoomSettings, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.roomsByID[id]
	if r == nil {
		return RoomSettings{}, false
	}
	return r.settings, true
}

func (p *Portal) addTagLocked(t string) {
	if !slices.Contains(p.tags, t) {
		p.tags = append(p.tags, t)
	}
}

// readRoomOptions checks a create request's options as the server's model binding
// does (lengths and ranges refused with a ProblemDetails) and returns what the server
// stores: indexing, deny-download, lifetime and watermark on any room type, as
// InternalCreateFolderAsync does; a colour that is not hex is ignored (a random one
// is kept), a watermark the watermark manager refuses is dropped silently.
func readRoomOptions(c *apiCall) (RoomSettings, bool) {
	var in roomOptionsIn
	if err := json.Unmarshal(c.body, &in); err != nil {
		writeProblem(c.w, "$", "The JSON value could not be converted.")
		return RoomSettings{}, false
	}
	var s RoomSettings
	if in.Cover != nil && utf16Len(*in.Cover) > 50 {
		writeProblem(c.w, "Cover", "The field Cover must be a string with a maximum length of 50.")
		return s, false
	}
	if in.Cover != nil && *in.Cover != "" {
		if !slices.Contains(Covers, *in.Cover) {
			writeError(c.w, http.StatusBadRequest, msgBadCover)
			return s, false
		}
		s.Cover = *in.Cover
	}
	if in.Color != nil && isHex(*in.Color) {
		s.Color = strings.ToUpper(*in.Color)
	}
	s.Quota = in.Quota
	if in.Indexing != nil {
		s.Indexing = *in.Indexing
	}
	if in.DenyDownload != nil {
		s.DenyDownload = *in.DenyDownload
	}
	if in.Lifetime != nil && string(*in.Lifetime) != "null" {
		var l lifetimeIn
		if json.Unmarshal(*in.Lifetime, &l) != nil {
			writeProblem(c.w, "$.lifetime", "The JSON value could not be converted to ASC.Files.Core.ApiModels.RoomDataLifetimeDto.")
			return s, false
		}
		if l.Value != nil && (*l.Value < 1 || *l.Value > docspace.MaxLifetimeValue) {
			writeProblem(c.w, "Lifetime.Value", "The field Value must be between 1 and 999.")
			return s, false
		}
		if l.Period != nil && (*l.Period < 0 || *l.Period > 2) {
			writeProblem(c.w, "$.lifetime.period", "The JSON value could not be converted to ASC.Files.Core.RoomDataLifetimePeriod.")
			return s, false
		}
		if l.Enabled == nil || *l.Enabled {
			lr := docspace.LifetimeRequest{Enabled: true, DeletePermanently: l.DeletePermanently}
			if l.Value != nil {
				lr.Value = *l.Value
			}
			if l.Period != nil {
				lr.Period = docspace.LifetimePeriod(*l.Period)
			}
			s.Lifetime = &lr
		}
	}
	if in.Watermark != nil && string(*in.Watermark) != "null" {
		var w watermarkIn
		if json.Unmarshal(*in.Watermark, &w) != nil {
			writeProblem(c.w, "$.watermark", "The JSON value could not be converted to ASC.Files.Core.ApiModels.RequestDto.WatermarkRequestDto.")
			return s, false
		}
		if w.Text != nil && utf16Len(*w.Text) > docspace.MaxWatermarkTextLength {
			writeProblem(c.w, "Watermark.Text", "The field Text must be a string with a maximum length of 255.")
			return s, false
		}
		wr := docspace.WatermarkRequest{Enabled: true, Rotate: docspace.WatermarkRotate(w.Rotate)}
		if w.Additions != nil {
			wr.Additions = docspace.WatermarkAdditions(*w.Additions)
		}
		if w.Text != nil {
			wr.Text = *w.Text
		}
		if w.Enabled == nil || *w.Enabled {
			s.Watermark = &wr
		}
	}
	return s, true
}

// quotaTooBigLocked reports a room quota above the portal's storage, which the server refuses.
func (p *Portal) quotaTooBigLocked(s RoomSettings) bool {
	return s.Quota != nil && *s.Quota > p.maxTotalSizeLocked()
}

func (p *Portal) maxTotalSizeLocked() int64 {
	if p.maxTotalSize == 0 {
		return defaultMaxTotalSize
	}
	return p.maxTotalSize
}

func isHex(s string) bool {
	return len(s) == 6 && strings.Trim(strings.ToUpper(s), "0123456789ABCDEF") == ""
}

// Room DTO parts for the stored options.
type lifetimeDTO struct {
	DeletePermanently bool `json:"deletePermanently"`
	Period            int  `json:"period"`
	Value             int  `json:"value"`
	Enabled           bool `json:"enabled"`
}

type watermarkDTO struct {
	Additions   int     `json:"additions"`
	Text        *string `json:"text"`
	Rotate      int     `json:"rotate"`
	ImageScale  int     `json:"imageScale"`
	ImageHeight float64 `json:"imageHeight"`
	ImageWidth  float64 `json:"imageWidth"`
}

// withSettings fills a room's DTO with its stored options.
func (s RoomSettings) withSettings(dto *folderDTO) {
	dto.Indexing, dto.DenyDownload = s.Indexing, s.DenyDownload
	if s.Quota != nil {
		q := *s.Quota
		dto.QuotaLimit = &q
	}
	if l := s.Lifetime; l != nil {
		dto.Lifetime = &lifetimeDTO{DeletePermanently: l.DeletePermanently, Period: int(l.Period), Value: l.Value, Enabled: true}
	}
	if w := s.Watermark; w != nil {
		d := &watermarkDTO{Additions: int(w.Additions), Rotate: int(w.Rotate)}
		if w.Text != "" {
			t := w.Text
			d.Text = &t
		}
		dto.Watermark = d
	}
}

// serveQuota answers GET /api/2.0/portal/payment/quota with the room quota setting.
func (p *Portal) serveQuota(c *apiCall) {
	p.mu.Lock()
	on, max := p.roomQuotasOn, p.maxTotalSizeLocked()
	p.mu.Unlock()
	type entityQuota struct {
		EnableQuota  bool  `json:"enableQuota"`
		DefaultQuota int64 `json:"defaultQuota"`
	}
	type tenantQuota struct {
		EnableQuota bool  `json:"enableQuota"`
		Quota       int64 `json:"quota"`
	}
	type price struct {
		Value             float64 `json:"value"`
		CurrencySymbol    string  `json:"currencySymbol"`
		IsoCurrencySymbol string  `json:"isoCurrencySymbol"`
	}
	dto := struct {
		ID                int         `json:"id"`
		Title             string      `json:"title"`
		Price             price       `json:"price"`
		NonProfit         bool        `json:"nonProfit"`
		Free              bool        `json:"free"`
		Trial             bool        `json:"trial"`
		Features          []struct{}  `json:"features"`
		UsersQuota        entityQuota `json:"usersQuota"`
		RoomsQuota        entityQuota `json:"roomsQuota"`
		TenantCustomQuota tenantQuota `json:"tenantCustomQuota"`
	}{
		ID: -1, Title: "startup", Price: price{CurrencySymbol: "$", IsoCurrencySymbol: "USD"}, Free: true, Features: []struct{}{},
		UsersQuota: entityQuota{DefaultQuota: -1}, RoomsQuota: entityQuota{EnableQuota: on, DefaultQuota: -1},
		TenantCustomQuota: tenantQuota{Quota: max},
	}
	writeOK(c, dto, 1, nil)
}

// serveTags answers GET /api/2.0/files/tags: the tag names, paged; DocSpace admins see
// every tag, others only those of the rooms they are in (CustomTagsService).
func (p *Portal) serveTags(c *apiCall) {
	start, count, ok := paging(c)
	if !ok {
		return
	}
	filter := strings.ToLower(c.r.URL.Query().Get("filterValue"))
	p.mu.Lock()
	var names []string
	if c.user.Role.isAdmin() {
		names = append(names, p.tags...)
	} else {
		for _, r := range p.rooms {
			if _, in := r.members[c.user.ID]; in {
				for _, t := range r.tags {
					if !slices.Contains(names, t) {
						names = append(names, t)
					}
				}
			}
		}
	}
	p.mu.Unlock()
	out := []string{}
	for _, n := range names {
		if filter == "" || strings.Contains(strings.ToLower(n), filter) {
			out = append(out, n)
		}
	}
	out = out[min(start, len(out)):]
	out = out[:min(count, len(out))]
	writeOK(c, out, len(out), nil)
}

// serveCovers answers GET /api/2.0/files/rooms/covers: each cover's name and its SVG.
func (p *Portal) serveCovers(c *apiCall) {
	type cover struct {
		ID   string `json:"id"`
		Data string `json:"data"`
	}
	out := make([]cover, len(Covers))
	for i, n := range Covers {
		out[i] = cover{ID: n, Data: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><title>` + n + `</title></svg>`}
	}
	writeOK(c, out, len(out), nil)
}

// tagsRoute and quotaRoute are the endpoints of this file, for match.
func optionRoute(rest string, method string) (route, bool) {
	get := method == http.MethodGet
	switch rest {
	case "portal/payment/quota":
		return pick(get, route{"", (*Portal).serveQuota}), true
	case "files/rooms/covers":
		return pick(get, route{"rooms:read", (*Portal).serveCovers}), true
	case "files/tags":
		return pick(get, route{"rooms:read", (*Portal).serveTags}), true
	}
	return route{}, false
}
