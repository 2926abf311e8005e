// Package lists loads official sanctions lists into FollowTheMoney-
// shaped entities (dossier.Entity): Person, Organization, Company,
// Vessel or Airplane targets, each followed by a Sanction entity that
// records the listing (authority, program, listing date, the list's own
// reference). It detects a list's format from the files' content and
// hands them to the loader for that source:
//
//	lists/ofac  US Treasury OFAC SDN and consolidated lists: CSV files, sdn.xml, SDN_ADVANCED.XML
//	lists/un    UN Security Council Consolidated List XML
//	lists/eu    EU Financial Sanctions Files XML and CSV
//	lists/uk    UK OFSI Consolidated List (ConList.csv, ConList.xml)
//	lists/ftm   FollowTheMoney JSON lines (OpenSanctions entities.ftm.json)
//
// The loaders share the List and File types and the sentinel errors of
// package lists/list, which sits below both this package and them so
// that nothing imports in a cycle; List here is an alias of list.List.
// Each loader can be used alone (ofac.Load, un.Load, …) with the same
// signature as Load.
//
// Loading is all or nothing: a file that is empty, binary, wrongly
// encoded, truncated or malformed gives a *dossier.InputError naming
// the file and its line (CSV, JSON lines, XML) or byte offset and the
// record, and no entities.
//
// A list's dataset (Version.Dataset, the name its versions are stored
// under) comes from the list, never from a file's name: the UN, EU and
// UK lists name themselves; OFAC's advanced XML says which list its
// entries are on, and its CSV files and classic XML are told apart by
// the names OFAC publishes them under; a FollowTheMoney file takes the
// one dataset all its entities name. A list that cannot tell is
// refused (ErrDataset) unless Options.Dataset names it; one that can
// refuses another name.
//
// Files are streamed through a checking reader, never read whole, and
// bounded: a file over Options.MaxSize (DefaultMaxSize, 1 GiB) is
// ErrTooLarge, a path that is not a regular file is refused, a line or
// XML text or attribute value over 8 MiB is ErrTooLong, and a DOCTYPE
// with an internal subset is ErrDoctype. With Options.Sink the entities
// go to the sink instead of the returned List: the UN list and OFAC's
// classic XML and the EU's XML record by record, FollowTheMoney files
// and the EU's CSV entity by entity, OFAC's advanced XML party by party
// and the UK list (XML or CSV) target by target, each read twice (a
// first reading checks the file and keeps what joins the records), so a list
// larger than memory can be stored (see "dossier lists
// load").
//
// Usage:
//
//	l, err := lists.Load(ctx, "data/ofac/sdn-2021-07")   // a directory of OFAC CSV files
//	if err != nil {
//		return err
//	}
//	fmt.Println(l.Version.Dataset, l.Version.Targets)
package lists
