package docspace

import (
	"strings"
	"testing"
)

// TestAddressReasons checks the reason given for every kind of bad address.
func TestAddressReasons(t *testing.T) {
	long := strings.Repeat("a", 63)
	tests := []struct{ in, reason string }{
		{"jane.example.com", "missing @"},
		{"<jane>", "missing @"},
		{"jane@x.com@y.com", "has more than one @"},
		{"@x.com", "nothing before the @"},
		{"jane@", "nothing after the @"},
		{"mailto:?subject=hi", "empty address"},
		{"<jane doe@x.com>", "contains a space"},
		{"jane@x", `domain "x" has no dot`},
		{"jane@x.", `domain "x." ends with a dot`},
		{"jane@.x.com", `domain ".x.com" starts with a dot`},
		{"jane@x..com", `domain "x..com" has two dots in a row`},
		{"jane@-x.com", `domain "-x.com" has a part that starts or ends with a hyphen`},
		{"jane@x-.com", `domain "x-.com" has a part that starts or ends with a hyphen`},
		{"jane@x_y.com", `domain "x_y.com" has a character a domain cannot have: "_"`},
		{"jane@x.c", `domain "x.c" ends in a one-letter part, which is not a real top-level domain`},
		{"jane@10.0.0.1", `domain "10.0.0.1" looks like an IP address; use the mail domain name instead`},
		{"jane@[10.0.0.1]", `domain "[10.0.0.1]" is an IP address; use the mail domain name instead`},
		{"jane@" + long + "a.com", `domain "` + long[:57] + `…" has a part longer than 63 characters`},
		{".jane@x.com", "the part before the @ starts or ends with a dot, or has two dots in a row"},
		{"jane.@x.com", "the part before the @ starts or ends with a dot, or has two dots in a row"},
		{"ja..ne@x.com", "the part before the @ starts or ends with a dot, or has two dots in a row"},
		{"ja>ne@x.com", `has a character an address cannot have: ">"`},
		{"ja[ne]@x.com", `has a character an address cannot have: "["`},
		{"ja…ne@x.com", `has a character an address cannot have: "…"`},
		{long + "aa@x.com", "the part before the @ is longer than 64 characters"},
		{long + "@" + strings.Repeat(long+".", 3) + "com", "is 259 characters long; at most 254 are allowed"},
		{"jane@x\u200b.com", "contains an invisible character (U+200B)"},
		{"jane@x.com\u202e", "contains an invisible character (U+202E)"},
		{"\u2066jane@x.com", "contains an invisible character (U+2066)"},
		{"jane\u00ad@x.com", "contains an invisible character (U+00AD)"},
		{"jane\x00@x.com", "contains an invisible character (U+0000)"},
		{"jane@x.com\x7f", "contains an invisible character (U+007F)"},
		{"jane@x.com\xff", "contains bytes that are not valid UTF-8 text"},
	}
	for _, tt := range tests {
		es := ParseLine(tt.in, 1)
		if len(es) != 1 || es[0].Err != tt.reason {
			t.Errorf("ParseLine(%q):\n got %+v\nwant one entry with Err %q", tt.in, es, tt.reason)
		}
	}
}

func TestValidAddresses(t *testing.T) {
	for _, in := range []string{
		"a@x.io", "first.last@sub.example.co.uk", "o'brien@x.com", "x+tag@x.com", "user_name@x-y.com",
		"!#$%&'*+-/=?^_`{}~@x.com", "jürgen@bücher.de", "用户@例子.广告", "a@xn--bcher-kva.de", "a@123.example.com",
		strings.Repeat("a", 64) + "@x.com",
		strings.Repeat("a", 63) + "@" + strings.Repeat(strings.Repeat("b", 61)+".", 3) + "abcd", // 254 characters
	} {
		if es := ParseLine(in, 1); len(es) != 1 || es[0].Err != "" || es[0].Invitee.Email != in {
			t.Errorf("ParseLine(%q) = %+v, want one valid entry", in, es)
		}
	}
}
