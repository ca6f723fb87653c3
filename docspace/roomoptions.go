package docspace

import (
	"errors"
	"fmt"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RoomOptions are a new room's settings beyond its title and type, as DocSpace's
// create-room dialog offers them. The zero value sets nothing: the server's defaults.
type RoomOptions struct {
	Tags []string
	// Color is the room's logo colour, 6 hex digits without '#'; "" lets the server pick.
	Color string
	// Cover is the icon drawn on the logo's colour, by its name in the portal's list of
	// covers (GET files/rooms/covers), e.g. "anchor"; "" for none.
	Cover string
	// Quota is the room's storage limit in bytes, QuotaNone for no limit; nil leaves
	// the portal's default.
	Quota *int64
	// Indexing, DenyDownload, Lifetime and Watermark are Virtual data room settings.
	Indexing     bool
	DenyDownload bool
	Lifetime     *Lifetime
	Watermark    *Watermark
}

// QuotaNone is the quota of a room without a storage limit, as the web client sends it.
const QuotaNone int64 = -1

// Limits the server puts on room options (CreateRoomRequestDto and the tags table).
const (
	MaxTagLength           = 255
	MaxWatermarkTextLength = 255
	MaxLifetimeValue       = 999
	MaxCoverLength         = 50
)

// LifetimePeriod is the unit of a file lifetime, sent as its number.
type LifetimePeriod int

// Lifetime periods (RoomDataLifetimePeriod).
const (
	LifetimeDays   LifetimePeriod = 0
	LifetimeMonths LifetimePeriod = 1
	LifetimeYears  LifetimePeriod = 2
)

func (p LifetimePeriod) word(n int) string {
	w := map[LifetimePeriod]string{LifetimeDays: "day", LifetimeMonths: "month", LifetimeYears: "year"}[p]
	if n != 1 {
		w += "s"
	}
	return w
}

// Lifetime is how long files live in a Virtual data room before they are deleted.
type Lifetime struct {
	Value  int // 1..999
	Period LifetimePeriod
	// DeletePermanently deletes the files for good rather than moving them to Trash.
	DeletePermanently bool
}

// String is "30 days" or "1 year, then deleted permanently".
func (l Lifetime) String() string {
	s := fmt.Sprintf("%d %s", l.Value, l.Period.word(l.Value))
	if l.DeletePermanently {
		s += ", then deleted permanently"
	}
	return s
}

// WatermarkAdditions are the viewer details a watermark shows, a bit mask.
type WatermarkAdditions int

// Watermark additions (a flags enum on the server).
const (
	WatermarkUserName  WatermarkAdditions = 1
	WatermarkUserEmail WatermarkAdditions = 2
	WatermarkIP        WatermarkAdditions = 4
	WatermarkDate      WatermarkAdditions = 8
	WatermarkRoomName  WatermarkAdditions = 16
)

type watermarkWord struct {
	a           WatermarkAdditions
	word, label string
}

// watermarkInfo names the additions in flag order: the flag's word and the label.
var watermarkInfo = []watermarkWord{
	{WatermarkUserName, "user", "user name"},
	{WatermarkUserEmail, "email", "e-mail"},
	{WatermarkIP, "ip", "IP address"},
	{WatermarkDate, "date", "date"},
	{WatermarkRoomName, "room", "room name"},
}

// WatermarkRotate is a watermark's angle in degrees, as the web client sends it.
type WatermarkRotate int

// The two layouts the web client offers.
const (
	WatermarkDiagonal   WatermarkRotate = -45
	WatermarkHorizontal WatermarkRotate = 0
)

// Watermark is what viewers of a Virtual data room's documents see over them: their
// own details (Additions) or a fixed Text.
type Watermark struct {
	Additions WatermarkAdditions
	Text      string
	Rotate    WatermarkRotate
}

// String is "user name, e-mail (diagonal)" or `"Confidential" (horizontal)`.
func (w Watermark) String() string {
	var s string
	if w.Text != "" {
		s = strconv.Quote(w.Text)
	} else {
		var parts []string
		for _, i := range watermarkInfo {
			if w.Additions&i.a != 0 {
				parts = append(parts, i.label)
			}
		}
		s = strings.Join(parts, ", ")
	}
	if w.Rotate == WatermarkHorizontal {
		return s + " (horizontal)"
	}
	return s + " (diagonal)"
}

// RoomSetting is one room option, defined once for every front-end: its name, its
// flag, the room types that support it, how a typed value is read and how a set
// value is described.
type RoomSetting struct {
	// Name is what people see ("File lifetime").
	Name string
	// Flag is the command-line flag without dashes ("lifetime").
	Flag string
	// Usage is the flag's one-line help.
	Usage string
	// Bool is true for a switch (--indexing); its value is "true" or "false".
	Bool bool
	// Repeat is true when values add up (--tag a --tag b) rather than replace.
	Repeat bool
	// Types are the room types that offer it; nil means every type.
	Types []RoomType
	// Values are the words a value may be made of, for completion; nil when free.
	Values []string
	// Apply reads one typed value into o; its error is a sentence without the flag.
	Apply func(o *RoomOptions, value string) error
	// IsSet reports whether o sets this option.
	IsSet func(o RoomOptions) bool
	// Describe is the set value in a few words ("30 days").
	Describe func(o RoomOptions) string
}

// Supports reports whether a room of type t offers the setting.
func (s RoomSetting) Supports(t RoomType) bool { return s.Types == nil || slices.Contains(s.Types, t) }

// TypesText names the room types that offer the setting: "Virtual data room".
func (s RoomSetting) TypesText() string {
	if s.Types == nil {
		return "every room type"
	}
	names := make([]string, len(s.Types))
	for i, t := range s.Types {
		names[i] = t.String()
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// vdrOnly: the server stores these on any room, but only Virtual data rooms use them
// and the web client offers them only there.
var vdrOnly = []RoomType{RoomVirtualData}

// RoomSettings lists the room options in the order the web client's dialog shows them.
func RoomSettings() []RoomSetting { return roomSettings }

// RoomSettingByFlag returns the setting with that flag name.
func RoomSettingByFlag(flag string) (RoomSetting, bool) {
	for _, s := range roomSettings {
		if s.Flag == flag {
			return s, true
		}
	}
	return RoomSetting{}, false
}

var roomSettings = []RoomSetting{
	{
		Name: "Tags", Flag: "tag", Repeat: true,
		Usage: "tag for the new room; repeat, or separate several with commas (existing tags or new ones)",
		Apply: func(o *RoomOptions, v string) error {
			tags, err := ParseTags(v)
			for _, t := range tags {
				if !slices.Contains(o.Tags, t) {
					o.Tags = append(o.Tags, t)
				}
			}
			return err
		},
		IsSet:    func(o RoomOptions) bool { return len(o.Tags) > 0 },
		Describe: func(o RoomOptions) string { return strings.Join(o.Tags, ", ") },
	},
	{
		Name: "Colour", Flag: "color",
		Usage: "colour of the room's logo: 6 hex digits, e.g. 2DB482 (default: the portal picks one)",
		Apply: func(o *RoomOptions, v string) error {
			c, err := ParseColor(v)
			if err == nil {
				o.Color = c
			}
			return err
		},
		IsSet:    func(o RoomOptions) bool { return o.Color != "" },
		Describe: func(o RoomOptions) string { return "#" + o.Color },
	},
	{
		Name: "Cover", Flag: "cover",
		Usage: "icon on the room's logo, by name from the portal's covers, e.g. anchor (drawn on the colour)",
		Apply: func(o *RoomOptions, v string) error {
			c, err := ParseCover(v)
			if err == nil {
				o.Cover = c
			}
			return err
		},
		IsSet:    func(o RoomOptions) bool { return o.Cover != "" },
		Describe: func(o RoomOptions) string { return o.Cover },
	},
	{
		Name: "Storage quota", Flag: "quota",
		Usage:  "room storage limit, e.g. 10GB or 500MB, or none (needs room quotas on in the portal)",
		Values: []string{"none", "1GB", "10GB", "100GB"},
		Apply: func(o *RoomOptions, v string) error {
			q, err := ParseSize(v)
			if err == nil {
				o.Quota = &q
			}
			return err
		},
		IsSet:    func(o RoomOptions) bool { return o.Quota != nil },
		Describe: func(o RoomOptions) string { return SizeText(*o.Quota) },
	},
	{
		Name: "Automatic indexing", Flag: "indexing", Bool: true, Types: vdrOnly,
		Usage: "number files and folders automatically (Virtual data room)",
		Apply: func(o *RoomOptions, v string) error {
			b, err := parseSwitch(v)
			o.Indexing = b
			return err
		},
		IsSet:    func(o RoomOptions) bool { return o.Indexing },
		Describe: func(RoomOptions) string { return "on" },
	},
	{
		Name: "Restrict copy and download", Flag: "deny-download", Bool: true, Types: vdrOnly,
		Usage: "forbid copying, downloading and printing files (Virtual data room)",
		Apply: func(o *RoomOptions, v string) error {
			b, err := parseSwitch(v)
			o.DenyDownload = b
			return err
		},
		IsSet:    func(o RoomOptions) bool { return o.DenyDownload },
		Describe: func(RoomOptions) string { return "on" },
	},
	{
		Name: "File lifetime", Flag: "lifetime", Types: vdrOnly,
		Usage:  "delete files this long after upload: 30d, 6m or 1y, add ,delete to skip Trash (Virtual data room)",
		Values: []string{"30d", "90d", "6m", "1y", "30d,delete"},
		Apply: func(o *RoomOptions, v string) error {
			l, err := ParseLifetime(v)
			if err == nil {
				o.Lifetime = &l
			}
			return err
		},
		IsSet:    func(o RoomOptions) bool { return o.Lifetime != nil },
		Describe: func(o RoomOptions) string { return o.Lifetime.String() },
	},
	{
		Name: "Watermark", Flag: "watermark", Types: vdrOnly,
		Usage:  `watermark on documents: info:user,email,ip,date,room or "text:Confidential", add ;horizontal for a level one (Virtual data room)`,
		Values: []string{"info:user,email", "info:user,email,ip,date,room", "text:Confidential", "text:Confidential;horizontal"},
		Apply: func(o *RoomOptions, v string) error {
			w, err := ParseWatermark(v)
			if err == nil {
				o.Watermark = &w
			}
			return err
		},
		IsSet:    func(o RoomOptions) bool { return o.Watermark != nil },
		Describe: func(o RoomOptions) string { return o.Watermark.String() },
	},
}

// RoomOptionFields are the options' part of the create request, each sent only when
// set (nested objects are left out rather than sent as null, which the spec refuses).
type RoomOptionFields struct {
	Color        string            `json:"color,omitempty"`
	Cover        string            `json:"cover,omitempty"`
	Quota        *int64            `json:"quota,omitempty"`
	Indexing     bool              `json:"indexing,omitempty"`
	DenyDownload bool              `json:"denyDownload,omitempty"`
	Lifetime     *LifetimeRequest  `json:"lifetime,omitempty"`
	Watermark    *WatermarkRequest `json:"watermark,omitempty"`
}

// LifetimeRequest is RoomDataLifetimeDto.
type LifetimeRequest struct {
	Enabled           bool           `json:"enabled"`
	Value             int            `json:"value"`
	Period            LifetimePeriod `json:"period"`
	DeletePermanently bool           `json:"deletePermanently"`
}

// WatermarkRequest is WatermarkRequestDto without the image fields.
type WatermarkRequest struct {
	Enabled   bool               `json:"enabled"`
	Additions WatermarkAdditions `json:"additions,omitempty"`
	Text      string             `json:"text,omitempty"`
	Rotate    WatermarkRotate    `json:"rotate"`
}

// Request returns the tags and the fields of a create request that send o.
func (o RoomOptions) Request() (tags []string, f RoomOptionFields) {
	f = RoomOptionFields{Color: o.Color, Cover: o.Cover, Quota: o.Quota, Indexing: o.Indexing, DenyDownload: o.DenyDownload}
	if l := o.Lifetime; l != nil {
		f.Lifetime = &LifetimeRequest{Enabled: true, Value: l.Value, Period: l.Period, DeletePermanently: l.DeletePermanently}
	}
	if w := o.Watermark; w != nil {
		f.Watermark = &WatermarkRequest{Enabled: true, Additions: w.Additions, Text: w.Text, Rotate: w.Rotate}
	}
	return o.Tags, f
}

// problems are Problems as plan problems, with the portal's room quota setting once known.
func (o RoomOptions) problems(t RoomType, facts PortalFacts) Problems {
	var ps Problems
	for _, msg := range o.Problems(t) {
		ps = append(ps, Problem{Field: FieldSettings, Invitee: -1, Message: msg})
	}
	if o.Quota != nil && facts.RoomQuotasKnown && !facts.RoomQuotasOn {
		ps = append(ps, Problem{Field: FieldSettings, Invitee: -1, Message: "This portal has room quotas turned off, so a room cannot get its own storage quota: leave --quota out, or ask a DocSpace admin to turn them on (Settings › Storage management › Quota per room)."})
	}
	return ps
}

// Set lists what o sets, one "Name: value" each, in the settings' order.
func (o RoomOptions) Set() []string {
	var out []string
	for _, s := range roomSettings {
		if s.IsSet(o) {
			out = append(out, s.Name+": "+s.Describe(o))
		}
	}
	return out
}

// Problems returns why o cannot be used for a new room of type t: an option the type
// does not offer, or a value the server would refuse. Values the parsers made are
// checked again, as a plan may be built without them.
func (o RoomOptions) Problems(t RoomType) []string {
	var out []string
	if t.Valid() {
		for _, s := range roomSettings {
			if s.IsSet(o) && !s.Supports(t) {
				out = append(out, fmt.Sprintf("%s (--%s) is only for a %s; a %s room does not offer it: leave it out or choose --type vdr.", s.Name, s.Flag, s.TypesText(), t))
			}
		}
	}
	for _, tag := range o.Tags {
		if err := checkTag(tag); err != nil {
			out = append(out, err.Error())
		}
	}
	if o.Color != "" {
		if _, err := ParseColor(o.Color); err != nil {
			out = append(out, err.Error())
		}
	}
	if o.Cover != "" {
		if _, err := ParseCover(o.Cover); err != nil {
			out = append(out, err.Error())
		}
	}
	if o.Quota != nil && *o.Quota < 1 && *o.Quota != QuotaNone {
		out = append(out, "The storage quota must be a size such as 10GB, or none.")
	}
	if l := o.Lifetime; l != nil {
		switch {
		case l.Value < 1 || l.Value > MaxLifetimeValue:
			out = append(out, fmt.Sprintf("The file lifetime must be 1 to %d days, months or years, not %d.", MaxLifetimeValue, l.Value))
		case l.Period < LifetimeDays || l.Period > LifetimeYears:
			out = append(out, "The file lifetime's unit must be days, months or years.")
		}
	}
	if w := o.Watermark; w != nil {
		switch {
		case w.Text == "" && w.Additions == 0:
			out = append(out, "A watermark needs viewer details (info:user,email,ip,date,room) or a text (text:Confidential).")
		case w.Text != "" && w.Additions != 0:
			out = append(out, "A watermark shows viewer details or a text, not both: choose one.")
		case w.Additions&^31 != 0:
			out = append(out, fmt.Sprintf("The watermark's viewer details (%d) are not ones DocSpace knows.", int(w.Additions)))
		case utf16Len(w.Text) > MaxWatermarkTextLength:
			out = append(out, fmt.Sprintf("The watermark text is %d characters long; DocSpace allows at most %d.", utf8.RuneCountInString(w.Text), MaxWatermarkTextLength))
		case w.Rotate != WatermarkDiagonal && w.Rotate != WatermarkHorizontal:
			out = append(out, "The watermark must be diagonal or horizontal.")
		}
	}
	return out
}

// ParseTags reads tags separated by commas: each trimmed, none empty, none too long.
// The tags read before a bad one are returned with the error.
func ParseTags(s string) ([]string, error) {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		t := strings.TrimSpace(part)
		if err := checkTag(t); err != nil {
			return out, err
		}
		out = append(out, t)
	}
	return out, nil
}

func checkTag(t string) error {
	switch {
	case t == "":
		return fmt.Errorf("a tag is empty: give each tag some text, separated by commas")
	case !utf8.ValidString(t):
		return fmt.Errorf("a tag is not valid text (invalid UTF-8)")
	case utf16Len(t) > MaxTagLength:
		return fmt.Errorf("the tag %q… is %d characters long; DocSpace allows at most %d", string([]rune(t)[:20]), utf8.RuneCountInString(t), MaxTagLength)
	}
	for _, r := range t {
		if outside.Unsafe(r) { // what the portal's answer would lose when read back
			return fmt.Errorf("the tag %q contains a control or invisible character (U+%04X): remove it", t, r)
		}
	}
	return nil
}

// ParseCover reads a cover's name: the portal checks it against its list (an unknown
// one is refused with 400), so only its shape is checked here.
func ParseCover(s string) (string, error) {
	c := strings.TrimSpace(s)
	switch {
	case c == "":
		return "", errors.New("the cover is empty: give a cover's name, e.g. anchor")
	case utf16Len(c) > MaxCoverLength:
		return "", fmt.Errorf("the cover's name is %d characters long; DocSpace allows at most %d", utf8.RuneCountInString(c), MaxCoverLength)
	case strings.ContainsFunc(c, outside.Unsafe):
		return "", errors.New("the cover's name has control or invisible characters: give a cover's name, e.g. anchor")
	}
	return c, nil
}

// ParseColor reads a colour as 6 hex digits, with or without a leading '#', and
// returns it upper-cased without the '#', as the server stores it.
func ParseColor(s string) (string, error) {
	c := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(c) != 6 || strings.Trim(strings.ToUpper(c), "0123456789ABCDEF") != "" {
		return "", fmt.Errorf("the colour %q is not 6 hex digits: give it like 2DB482", s)
	}
	return strings.ToUpper(c), nil
}

// sizeUnits are the units ParseSize knows, powers of 1024 as DocSpace counts them.
var sizeUnits = []struct {
	name string
	mult int64
}{{"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}}

// ParseSize reads a storage size such as 10GB, 500MB or 1.5TB (units of 1024; a bare
// number is bytes), or none for no limit (QuotaNone).
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if t == "NONE" || t == "UNLIMITED" {
		return QuotaNone, nil
	}
	mult := int64(1)
	for _, u := range sizeUnits {
		if num, ok := strings.CutSuffix(t, u.name); ok {
			t, mult = num, u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || t == "" {
		return 0, fmt.Errorf("the size %q is not one DocSpace can take: give it like 10GB or 500MB, or none", s)
	}
	b := f * float64(mult)
	switch {
	case b < 1:
		return 0, fmt.Errorf("the size %q is not more than nothing: give it like 10GB or 500MB, or none", s)
	case b > float64(math.MaxInt64/2):
		return 0, fmt.Errorf("the size %q is too large", s)
	}
	return int64(math.Round(b)), nil
}

// SizeText is a size in the largest unit that keeps it readable ("10 GB"), or "no limit".
func SizeText(b int64) string {
	if b == QuotaNone {
		return "no limit"
	}
	for _, u := range sizeUnits {
		if b >= u.mult {
			v := float64(b) / float64(u.mult)
			if v == math.Trunc(v) {
				return fmt.Sprintf("%d %s", int64(v), u.name)
			}
			return strconv.FormatFloat(v, 'f', 1, 64) + " " + u.name
		}
	}
	return fmt.Sprintf("%d B", b)
}

// ParseLifetime reads a file lifetime: a number and d, m or y (30d, 6m, 1y; also
// days, months, years), then ",delete" to delete files permanently rather than to Trash.
func ParseLifetime(s string) (Lifetime, error) {
	bad := func() (Lifetime, error) {
		return Lifetime{}, fmt.Errorf("the lifetime %q is not one DocSpace can take: give it like 30d, 6m or 1y, with ,delete to skip Trash", s)
	}
	head, tail, hasTail := strings.Cut(strings.ToLower(strings.TrimSpace(s)), ",")
	var l Lifetime
	if hasTail {
		if strings.TrimSpace(tail) != "delete" {
			return bad()
		}
		l.DeletePermanently = true
	}
	head = strings.TrimSpace(head)
	i := strings.IndexFunc(head, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 {
		return bad()
	}
	switch strings.TrimSpace(head[i:]) {
	case "d", "day", "days":
		l.Period = LifetimeDays
	case "m", "month", "months":
		l.Period = LifetimeMonths
	case "y", "year", "years":
		l.Period = LifetimeYears
	default:
		return bad()
	}
	n, err := strconv.Atoi(head[:i])
	if err != nil || n < 1 || n > MaxLifetimeValue {
		return Lifetime{}, fmt.Errorf("the lifetime %q is out of range: DocSpace takes 1 to %d days, months or years", s, MaxLifetimeValue)
	}
	l.Value = n
	return l, nil
}

// ParseWatermark reads a watermark: "info:" and viewer details separated by commas
// (user, email, ip, date, room), or "text:" and a text; then optionally ";horizontal"
// or ";diagonal" (the default).
func ParseWatermark(s string) (Watermark, error) {
	w := Watermark{Rotate: WatermarkDiagonal}
	body := s
	if i := strings.LastIndex(s, ";"); i >= 0 {
		switch strings.ToLower(strings.TrimSpace(s[i+1:])) {
		case "horizontal":
			w.Rotate, body = WatermarkHorizontal, s[:i]
		case "diagonal":
			body = s[:i]
		}
	}
	kind, rest, ok := strings.Cut(body, ":")
	switch strings.ToLower(strings.TrimSpace(kind)) {
	case "info":
		for part := range strings.SplitSeq(rest, ",") {
			word := strings.ToLower(strings.TrimSpace(part))
			i := slices.IndexFunc(watermarkInfo, func(i watermarkWord) bool {
				return i.word == word || word == "e-mail" && i.word == "email" || word == "name" && i.word == "user"
			})
			if i < 0 {
				return Watermark{}, fmt.Errorf("the watermark detail %q is not one of user, email, ip, date, room", strings.TrimSpace(part))
			}
			w.Additions |= watermarkInfo[i].a
		}
		return w, nil
	case "text":
		if ok && strings.TrimSpace(rest) != "" {
			w.Text = strings.TrimSpace(rest)
			if n := utf16Len(w.Text); n > MaxWatermarkTextLength {
				return Watermark{}, fmt.Errorf("the watermark text is %d characters long; DocSpace allows at most %d", utf8.RuneCountInString(w.Text), MaxWatermarkTextLength)
			}
			return w, nil
		}
	}
	return Watermark{}, fmt.Errorf(`the watermark %q is not one DocSpace can take: give info:user,email,ip,date,room (any of them) or "text:Confidential"`, s)
}

// parseSwitch reads a switch's value: "" or true turns it on.
func parseSwitch(v string) (bool, error) {
	if v == "" {
		return true, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%q is not true or false", v)
	}
	return b, nil
}
