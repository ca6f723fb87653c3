package docspace

import (
	"fmt"
	"strings"
	"testing"
)

// TestLookupAccessMatchesParseAccess keeps the allocation-free lookup in step with ParseAccess.
func TestLookupAccessMatchesParseAccess(t *testing.T) {
	words := []string{"", "0", "1", "2", "+10", "-1", "99", "010", "x", "edtor", "Jane", "readwrite", "full access", "none"}
	for a, info := range accessTable {
		words = append(words, info.label, info.apiName, strings.ToUpper(info.label), strings.ToLower(info.apiName), fmt.Sprint(int(a)))
		for _, al := range info.aliases {
			words = append(words, al, strings.ToUpper(al), strings.ToUpper(al[:1])+al[1:])
		}
	}
	for _, w := range words {
		want, err := ParseAccess(w)
		got, ok := lookupAccess(w)
		if ok != (err == nil) || ok && got != want {
			t.Errorf("lookupAccess(%q) = %v, %v; ParseAccess = %v, %v", w, got, ok, want, err)
		}
		if err == nil && !strings.ContainsAny(w[:1], "+-0123456789") && !strings.ContainsRune(accessInitials, rune(strings.ToLower(w)[0])) {
			t.Errorf("accessInitials lacks the first letter of %q", w)
		}
	}
}

func TestNearAccess(t *testing.T) {
	for w, want := range map[string]bool{
		"edtor": true, "veiwer": true, "Viewr": true, "admn": true, "commentor": true, "reviwer": true,
		"contentcreater": true, "manger": true, "cont": true, "5": true, "123": true,
		"Jane": false, "Bob": false, "Smith": false, "1234": false, "hello": false, "a@x": false, "Fred": false,
	} {
		if got := nearAccess(w); got != want {
			t.Errorf("nearAccess(%q) = %v, want %v", w, got, want)
		}
	}
}
