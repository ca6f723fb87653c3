package planfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// FromRuns is the plan file that repeats a run over several rooms: each room as
// FromRun writes it, in the run's order, in one file. It is empty when no room was left.
func FromRuns(plans []docspace.Plan, results []docspace.Result) []byte {
	var rooms []*yaml.Node
	for i, res := range results {
		if i >= len(plans) {
			break
		}
		one := FromRun(plans[i], res)
		if one == nil {
			continue
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(one, &doc); err != nil || len(doc.Content) == 0 || len(doc.Content[0].Content) < 2 {
			continue // FromRun wrote it: it reads back
		}
		rooms = append(rooms, doc.Content[0].Content[1].Content...)
	}
	if len(rooms) == 0 {
		return nil
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "rooms"}, {Kind: yaml.SequenceNode, Content: rooms},
	}}
	var b bytes.Buffer
	b.WriteString(SchemaHint + "\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(doc) // nodes read back from FromRun's own output encode
	_ = enc.Close()
	return b.Bytes()
}

// maxSaveTries bounds the names Save tries before it gives up (name-2.yaml … name-99.yaml).
const maxSaveTries = 99

// Save writes a plan file into dir under a name made from title ("Sales onboarding"
// becomes sales-onboarding.yaml), never over an existing file: it adds -2, -3 … until
// a name is free. It returns the path written.
func Save(dir, title string, data []byte) (string, error) {
	if len(data) == 0 {
		return "", errors.New("there is nothing to save: the run left no room")
	}
	base := fileSlug(title)
	for i := 1; i <= maxSaveTries; i++ {
		name := base + ".yaml"
		if i > 1 {
			name = fmt.Sprintf("%s-%d.yaml", base, i)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // it names people, as the history does
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("saving the plan file in %s: %w; start the wizard from a directory you can write to", dir, unwrapPath(err))
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			_ = os.Remove(path) // half a plan file would apply half a plan
			return "", fmt.Errorf("saving the plan file %s: %w", path, werr)
		}
		return path, nil
	}
	return "", fmt.Errorf("saving the plan file: %s.yaml and %d more names like it are taken in %s; move some away, or start the wizard from another directory", base, maxSaveTries-1, dir)
}

// unwrapPath drops the path from an *os.PathError, which the sentence names already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// fileSlug makes a file name from a room title: letters and digits in lower case,
// anything else a single dash; "plan" when nothing is left.
func fileSlug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	if b.Len() == 0 {
		return "plan"
	}
	return b.String()
}
