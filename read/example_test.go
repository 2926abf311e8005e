package read_test

import (
	"context"
	"fmt"
	"strings"

	"dossier/read"
)

func ExampleReader_File() {
	r := read.NewReader()
	err := r.File(context.Background(), "testdata/article.txt", func(it read.Item) error {
		headline, _, _ := strings.Cut(it.Text, "\n")
		fmt.Printf("%s item, %d paragraphs\n", it.Format, strings.Count(strings.TrimSpace(it.Text), "\n\n")+1)
		fmt.Println(headline)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	err = r.File(context.Background(), "testdata/bad/image.png", func(read.Item) error { return nil })
	fmt.Println(err)
	// Output:
	// text item, 4 paragraphs
	// Port authority suspends Veloran Shipping licence after cargo audit
	// testdata/bad/image.png: offset 8: binary file: not text, HTML, a feed, JSON lines or WARC
}

func ExampleReader_Stream() {
	input := `{"text": "Ilgar Trade was fined by the port authority.", "source": "Northwind Wire"}

{"text": "Ravel Ltd was dissolved.", "published": "yesterday"}
`
	err := read.NewReader().Stream(context.Background(), "-", strings.NewReader(input), func(it read.Item) error {
		fmt.Printf("%s %s (%s): %s\n", it.Format, it.Record, it.Source, it.Text)
		return nil
	})
	fmt.Println(err)
	// Output:
	// jsonl line 1 (Northwind Wire): Ilgar Trade was fined by the port authority.
	// -:3: published: cannot parse date "yesterday"
}

func ExampleDetect() {
	fmt.Println(read.Detect("page.txt", []byte("<!DOCTYPE html><html><body>")))
	fmt.Println(read.Detect("feed.xml", []byte(`<?xml version="1.0"?><rss version="2.0">`)))
	fmt.Println(read.Detect("notes", []byte("Meeting notes, 4 March.")))
	// Output:
	// html
	// rss
	// text
}
