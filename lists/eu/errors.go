package eu

import (
	"errors"
	"fmt"
)

var (
	errNoID     = errors.New("sanctionEntity without logicalId")
	errNoName   = errors.New("sanctionEntity without a name")
	errTrailing = errors.New("element after the root element")
)

func errDuplicate(id string) error { return fmt.Errorf("duplicate logicalId %s", id) }

func errTaken(id, entity string) error {
	return fmt.Errorf("logicalId %s: entity ID %s made already for another logicalId", id, entity)
}

func errSubjectType(code, class string) error {
	return fmt.Errorf("unknown subjectType code %q, classificationCode %q", code, class)
}
