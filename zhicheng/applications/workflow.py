"""The states of an application and who may move it where: listed once (SPEC §3).

A route may take its own way through a step: 破格 (``Route.EXCEPTIONAL``) passes the
committee office's 破格资格审查 (the experts' recommendations checked) before the
qualification review; ``by_route`` says so in the table, so no page or service asks.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from zhicheng.accounts.models import Role

from .models import ENDED_STATES, Route, State


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    role: str
    by_route: Mapping[str, frozenset[str]] = field(default_factory=dict)  # the sources of a route that differs

    def sources_for(self, route: str) -> frozenset[str]:
        return self.by_route.get(route, self.sources)


def move(action, label, sources, target, role, by_route=None):
    routes = {route: frozenset(states) for route, states in (by_route or {}).items()}
    return Move(action, label, frozenset(sources), target, role, routes)


MOVES = {
    m.action: m
    for m in (
        move("submit", "提交申报", {State.DRAFT, State.RETURNED}, State.SUBMITTED, Role.APPLICANT),
        move("withdraw", "撤回申报",
             {State.DRAFT, State.SUBMITTED, State.RETURNED, State.EMPLOYER_APPROVED, State.IN_PUBLICITY,
              State.PUBLICITY_DONE, State.COMMITTEE_REVIEW, State.EXCEPTIONAL_VETTED, State.CORRECTION_REQUESTED},
             State.WITHDRAWN, Role.APPLICANT),
        move("employer_return", "退回修改",
             {State.SUBMITTED, State.EMPLOYER_APPROVED, State.PUBLICITY_DONE}, State.RETURNED, Role.EMPLOYER),
        move("employer_reset", "重置流程",
             {State.SUBMITTED, State.EMPLOYER_APPROVED, State.PUBLICITY_DONE}, State.RETURNED, Role.EMPLOYER),
        move("employer_approve", "审核通过", {State.SUBMITTED}, State.EMPLOYER_APPROVED, Role.EMPLOYER),
        move("publicity_start", "开始单位公示", {State.EMPLOYER_APPROVED}, State.IN_PUBLICITY, Role.EMPLOYER),
        move("publicity_clear", "公示无异议", {State.IN_PUBLICITY}, State.PUBLICITY_DONE, Role.EMPLOYER),
        move("publicity_uphold", "公示异议成立", {State.IN_PUBLICITY}, State.NOT_RECOMMENDED, Role.EMPLOYER),
        move("recommend", "推荐报送评委会", {State.PUBLICITY_DONE}, State.COMMITTEE_REVIEW, Role.EMPLOYER),
        # 破格: the experts' recommendations and the 破格 conditions checked first, then qualified
        move("exceptional_vet", "破格资格审查通过", set(), State.EXCEPTIONAL_VETTED, Role.COMMITTEE,
             by_route={Route.EXCEPTIONAL: {State.COMMITTEE_REVIEW}}),
        move("committee_qualify", "资格审核通过", {State.COMMITTEE_REVIEW}, State.QUALIFIED, Role.COMMITTEE,
             by_route={Route.EXCEPTIONAL: {State.EXCEPTIONAL_VETTED}}),
        move("committee_request_correction", "一次性告知补正", {State.COMMITTEE_REVIEW}, State.CORRECTION_REQUESTED, Role.COMMITTEE),
        move("resubmit_correction", "提交补正材料", {State.CORRECTION_REQUESTED}, State.COMMITTEE_REVIEW, Role.APPLICANT),
        move("committee_return", "退回修改", {State.COMMITTEE_REVIEW}, State.RETURNED, Role.COMMITTEE),
        move("committee_reject", "资格审核不通过", {State.COMMITTEE_REVIEW, State.EXCEPTIONAL_VETTED}, State.REJECTED,
             Role.COMMITTEE),
        move("abandon", "逾期未补正，视为放弃", {State.CORRECTION_REQUESTED}, State.ABANDONED, ""),
        # After the qualification review (SPEC §6): the meeting, the results, the certificate.
        move("list_for_meeting", "列入上会名单", {State.QUALIFIED}, State.ON_MEETING_LIST, Role.COMMITTEE),
        move("meeting_pass", "评审通过", {State.ON_MEETING_LIST}, State.PASSED, Role.COMMITTEE),
        move("meeting_fail", "评审未通过", {State.ON_MEETING_LIST}, State.NOT_PASSED, Role.COMMITTEE),
        move("assessment_pass", "考核认定通过", {State.QUALIFIED}, State.PASSED, Role.BUREAU),
        move("assessment_fail", "考核认定未通过", {State.QUALIFIED}, State.NOT_PASSED, Role.BUREAU),
        move("result_publicity_start", "评审结果公示", {State.PASSED}, State.RESULT_PUBLICITY, Role.COMMITTEE),
        # 复查 or an upheld 异议 corrects a result either way (certificates.ResultCorrection); a
        # title whose certificate a correction revoked is reinstated with a new certificate
        move("result_overturn", "更正为评审未通过", {State.PASSED, State.RESULT_PUBLICITY, State.CONFIRMED}, State.NOT_PASSED,
             Role.COMMITTEE),
        move("result_correct_pass", "更正为评审通过", {State.NOT_PASSED}, State.PASSED, Role.COMMITTEE),
        move("result_reinstate", "更正为评审通过并换发证书", {State.NOT_PASSED}, State.CONFIRMED, Role.COMMITTEE),
        move("result_confirm", "确认评审结果并发证", {State.RESULT_PUBLICITY}, State.CONFIRMED, Role.BUREAU),
        move("revoke", "撤销职称", {State.CONFIRMED}, State.REVOKED, Role.BUREAU),
    )
}

# Moves through which a reviewer says "there is still a problem" (§一(四)): counted once
# the employer has approved, and the one past the limit refuses the application for the year.
PROBLEM_MOVES = frozenset({"employer_return", "employer_reset", "committee_request_correction", "committee_return"})

# The state an application is created in (草稿); no step leads back into it: a reset or a
# return leads to 退回修改.
FIRST_STATE = State.DRAFT
assert all(m.target != FIRST_STATE for m in MOVES.values())


def not_yet_submitted(application) -> bool:
    """Nobody but the applicant has done anything with it: it was never submitted."""
    return application.state == FIRST_STATE and application.submitted_at is None


# Where the applicant may still edit the application's own sections.
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED, State.CORRECTION_REQUESTED})
CLOSED_STATES = frozenset(ENDED_STATES)

# Forwarded and waiting for the committee office's qualification review (a 破格 one vetted first).
AWAITING_QUALIFICATION = frozenset({State.COMMITTEE_REVIEW, State.EXCEPTIONAL_VETTED})

# The moves of a result correction: which one applies is the domain's to say.
CORRECTION_MOVES = ("result_overturn", "result_correct_pass", "result_reinstate")

# Steps that do not move the application, the states they are open in and whose they are.
ACTS = {
    "edit": (EDITABLE_STATES, Role.APPLICANT),
    "reexamination_request": (frozenset({State.RESULT_PUBLICITY}), Role.APPLICANT),
    "result_objection_record": (frozenset({State.RESULT_PUBLICITY}), Role.COMMITTEE),
    "result_correct": (frozenset().union(*(MOVES[action].sources for action in CORRECTION_MOVES)), Role.COMMITTEE),
    "section_opinion": (frozenset({State.SUBMITTED}), Role.EMPLOYER),
    # the employer stamps every copy (L9), also one added later in answer to a correction request
    "stamp": (frozenset(State.values) - CLOSED_STATES, Role.EMPLOYER),
}


def allows(state: str, step: str, route: str = Route.REVIEW) -> bool:
    """Whether the table opens this step (a move or an act) to an application in this state
    (and on this route)."""
    if step in MOVES:
        return state in MOVES[step].sources_for(route)
    return state in ACTS[step][0]


def open_steps(state: str, role: str, route: str = Route.REVIEW) -> frozenset[str]:
    """Every step a person of this role may take on an application in this state and route."""
    moves = {m.action for m in MOVES.values() if m.role == role and state in m.sources_for(route)}
    acts = {name for name, (states, owner) in ACTS.items() if owner == role and state in states}
    return frozenset(moves | acts)


# What is expected next, of whom (the timeline's last line).
NEXT_STEP = {
    State.DRAFT: ("申报人", "完善申报材料并提交"),
    State.SUBMITTED: ("用人单位", "逐项审核，退回修改或审核通过"),
    State.RETURNED: ("申报人", "按审核意见修改后重新提交"),
    State.EMPLOYER_APPROVED: ("用人单位", "在本单位公开场所公示综合情况表"),
    State.IN_PUBLICITY: ("用人单位", "公示期满后登记公示结果"),
    State.PUBLICITY_DONE: ("用人单位", "填写推荐意见并报送评委会"),
    State.COMMITTEE_REVIEW: ("评委会", "资格审核"),
    State.EXCEPTIONAL_VETTED: ("评委会", "资格审核"),
    State.CORRECTION_REQUESTED: ("申报人", "在补正期限内补正并重新提交"),
    State.QUALIFIED: ("评委会", "报送会前备案，列入上会名单（考核定职由人社部门直接考核认定）"),
    State.ON_MEETING_LIST: ("评委会", "召开评审会议"),
    State.PASSED: ("评委会", "公示评审结果"),
    State.RESULT_PUBLICITY: ("人社部门", "公示期满后确认评审结果并发证"),
}

# Where a route's next step differs from the state's.
NEXT_STEP_BY_ROUTE = {
    (Route.EXCEPTIONAL, State.COMMITTEE_REVIEW): ("评委会", "破格资格审查（核对专家推荐意见和破格条件），再进行资格审核"),
}


def next_step(application) -> tuple[str, str] | None:
    """Who holds the application now, by name, and what they are to do; None once it ended."""
    expected = NEXT_STEP_BY_ROUTE.get((application.route, application.state)) or NEXT_STEP.get(application.state)
    if expected is None:
        return None
    holder, what = expected
    names = {"申报人": application.applicant.real_name, "用人单位": application.employer.name,
             "评委会": application.plan.committee.name}
    return names.get(holder, holder), what


# What the employer reviews, section by section, before approving (L9).
REVIEW_SECTIONS = {
    "basic": "基本信息",
    "education": "学历学位及证明",
    "work": "工作经历",
    "titles": "职称与职业资格",
    "achievements": "业绩成果",
    "assessments": "年度考核",
    "continuing_education": "继续教育",
    "commitment": "职称申报承诺书",
    "attachments": "附件材料",
}

# The checklist of a correction request (L5): every item is named at once.
CORRECTION_ITEMS = {
    "education_proof": "学历证明材料（学信网备案表、认证书或单位证明）",
    "title_certificate": "现职称证书或职业资格证书",
    "achievements": "业绩成果及其证明材料",
    "assessments": "年度考核材料",
    "continuing_education": "继续教育证明",
    "commitment": "职称申报承诺书",
    "social_insurance": "社会保险参保证明",
    "recommendation": "单位推荐意见",
    "publicity": "单位公示结果",
    "stamps": "复印件审核签章",
    "other": "其他（见具体说明）",
}

