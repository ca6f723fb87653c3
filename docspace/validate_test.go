package docspace

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// Titles are limited in UTF-16 units, as the server counts them, but every number an
// admin reads counts characters as they see them: an emoji is one, however many units.
func TestTitleLengthCountsWhatPeopleSee(t *testing.T) {
	const thumb = "👍🏽" // one character on screen, 4 UTF-16 units
	tests := []struct {
		name         string
		title        string
		chars, units int
		over         int
		want, reject []string // in ValidateTitle's message; "" want: valid
	}{
		{"plain at the limit", strings.Repeat("é", MaxTitleLength), 170, 170, 0, nil, nil},
		{"plain over", strings.Repeat("x", MaxTitleLength+1), 171, 171, 1, []string{"171 characters long", "at most 170"}, nil},
		{"emoji at the limit", strings.Repeat("😀", 85), 85, 170, 0, nil, nil},
		{"one emoji over", strings.Repeat("😀", 86), 86, 172, 1, []string{"86 characters", "emoji", "last character,"}, []string{"172"}},
		{"60 thumbs", strings.Repeat(thumb, 60), 60, 240, 18, []string{"60 characters", "last 18 characters"}, []string{"240", "120"}},
		{"flags after text", strings.Repeat("a", 160) + strings.Repeat("🇺🇦", 5), 165, 180, 3, []string{"165 characters", "last 3 characters"}, []string{"180"}},
		{"trimmed, skin tone", "  👍🏽 ab \t", 4, 7, 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chars, units := TitleLength(tt.title)
			if chars != tt.chars || units != tt.units {
				t.Errorf("TitleLength = %d characters, %d units; want %d, %d", chars, units, tt.chars, tt.units)
			}
			if got := TitleOverflow(tt.title); got != tt.over {
				t.Errorf("TitleOverflow = %d, want %d", got, tt.over)
			}
			msg := ValidateTitle(tt.title)
			if (msg == "") != (tt.want == nil) {
				t.Fatalf("ValidateTitle = %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("ValidateTitle = %q, want it to say %q", msg, w)
				}
			}
			for _, r := range tt.reject {
				if strings.Contains(msg, r) {
					t.Errorf("ValidateTitle = %q counts %s: not what the admin sees", msg, r)
				}
			}
			if tt.over > 0 {
				// Removing what it says from the end is enough, and one less is not.
				cut := dropLastChars(TrimTitle(tt.title), tt.over)
				if ValidateTitle(cut) != "" || ValidateTitle(dropLastChars(TrimTitle(tt.title), tt.over-1)) == "" {
					t.Errorf("dropping %d characters from the end is not exactly what makes it fit", tt.over)
				}
			}
		})
	}
}

// dropLastChars removes n characters (as people see them) from the end of s.
func dropLastChars(s string, n int) string {
	chars, _ := TitleLength(s)
	// The longest prefix, cut at a rune, with no more than chars-n characters.
	for end := len(s); end > 0; end-- {
		if c, _ := TitleLength(s[:end]); utf8.ValidString(s[:end]) && c <= chars-n {
			return s[:end]
		}
	}
	return ""
}

// The client refuses, without a call, a title the server would refuse for its UTF-16
// length, even when it has fewer than 170 runes.
func TestCreateRoomCountsTitleAsTheServer(t *testing.T) {
	var rec recorder
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) { rec.add(r); writeJSON(w, 200, ok(roomJSON)) })
	_, err := c.CreateRoom(context.Background(), CreateRoomRequest{Title: strings.Repeat("😀", 86), RoomType: RoomCustom})
	e := apiErr(t, err, KindInvalid)
	if !e.NotSent || !strings.Contains(e.Message, "86 characters") {
		t.Errorf("refusal %+v, want one that counts 86 characters", e)
	}
	if n := len(rec.all()); n != 0 {
		t.Fatalf("%d requests were sent for a title the server refuses", n)
	}
}

// An emoji sequence joined with U+200D is a title DocSpace keeps and shows as one
// picture; a joiner between letters is still an invisible character.
func TestTitleKeepsEmojiSequences(t *testing.T) {
	for _, title := range []string{"👨\u200d👩\u200d👧 Family", "🏳\ufe0f\u200d🌈 Pride team", "👩🏽\u200d💻 Devs"} {
		if msg := ValidateTitle(title); msg != "" {
			t.Errorf("ValidateTitle(%+q) = %q, want no problem", title, msg)
		}
	}
	if msg := ValidateTitle("ad\u200dmins"); !strings.Contains(msg, "U+200D") {
		t.Errorf("a joiner between letters: %q, want it named", msg)
	}
}
