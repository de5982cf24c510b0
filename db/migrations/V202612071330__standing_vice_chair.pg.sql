-- Phó Trưởng ban thường trực (issue #13): most committees have a standing vice-chair, usually the
-- director of the agency that keeps the committee's secretariat, and its decision names that role
-- apart from the other vice-chairs. The role's CHECK gains 'standing_vice_chair'.
ALTER TABLE committee_member DROP CONSTRAINT committee_member_role_check;
ALTER TABLE committee_member ADD CONSTRAINT committee_member_role_check
  CHECK (role IN ('chair', 'standing_vice_chair', 'vice_chair', 'standing_member', 'member', 'secretary'));
