package server

// Code generated from the FollowTheMoney schema definitions (github.com/alephdata/followthemoney, followthemoney/schema/*.yaml, MIT licence). DO NOT EDIT.

// ftmSchemata holds, for each schema a query may name and its
// ancestors, the schemata it extends and the properties it defines.
var ftmSchemata = map[string]ftmSchema{
	"Airplane": {
		extends: []string{"Vehicle"},
		props:   []string{"icaoCode", "manufacturer", "serialNumber"},
	},
	"Asset": {
		extends: []string{"Thing", "Value"},
		props:   []string{},
	},
	"Company": {
		extends: []string{"Organization", "Asset"},
		props:   []string{"bikCode", "caemCode", "capital", "cikCode", "coatoCode", "fnsCode", "fssCode", "ibcRuc", "ipoCode", "irsCode", "isinCode", "jibCode", "jurisdiction", "kppCode", "mbsCode", "okopfCode", "oksmCode", "okvedCode", "pfrNumber", "registrationNumber", "ricCode", "ticker", "voenCode"},
	},
	"LegalEntity": {
		extends: []string{"Thing"},
		props:   []string{"bvdId", "classification", "dissolutionDate", "dunsCode", "email", "icijId", "idNumber", "incorporationDate", "innCode", "jurisdiction", "legalForm", "leiCode", "licenseNumber", "mainCountry", "npiCode", "ogrnCode", "okpoCode", "opencorporatesUrl", "parent", "phone", "registrationNumber", "sector", "status", "swiftBic", "taxNumber", "taxStatus", "uniqueEntityId", "vatCode", "website"},
	},
	"Organization": {
		extends: []string{"LegalEntity"},
		props:   []string{"cageCode", "giiNumber", "imoNumber", "permId"},
	},
	"Person": {
		extends: []string{"LegalEntity"},
		props:   []string{"appearance", "birthCountry", "birthDate", "birthPlace", "citizenship", "deathDate", "education", "ethnicity", "eyeColor", "fatherName", "firstName", "gender", "hairColor", "height", "lastName", "middleName", "motherName", "nameSuffix", "nationality", "passportNumber", "political", "position", "religion", "secondName", "socialSecurityNumber", "spokenLanguage", "title", "weight"},
	},
	"PublicBody": {
		extends: []string{"Organization"},
		props:   []string{},
	},
	"Thing": {
		extends: []string{},
		props:   []string{"address", "addressEntity", "alephUrl", "alias", "country", "createdAt", "description", "indexText", "keywords", "modifiedAt", "name", "notes", "previousName", "program", "programId", "proof", "publisher", "publisherUrl", "retrievedAt", "sourceUrl", "summary", "topics", "weakAlias", "wikidataId", "wikipediaUrl"},
	},
	"Value": {
		extends: []string{},
		props:   []string{"amount", "amountEur", "amountUsd", "currency"},
	},
	"Vehicle": {
		extends: []string{"Asset"},
		props:   []string{"buildDate", "deregistrationDate", "model", "operator", "owner", "registrationDate", "registrationNumber", "type"},
	},
	"Vessel": {
		extends: []string{"Vehicle"},
		props:   []string{"callSign", "crsNumber", "flag", "grossRegisteredTonnage", "imoNumber", "mmsi", "nameChangeDate", "navigationArea", "pastFlags", "pastTypes", "registrationPort", "tonnage"},
	},
}
