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
// Usage:
//
//	l, err := lists.Load(ctx, "data/ofac/sdn-2021-07")   // a directory of OFAC CSV files
//	if err != nil {
//		return err
//	}
//	fmt.Println(l.Version.Dataset, l.Version.Targets)
package lists
