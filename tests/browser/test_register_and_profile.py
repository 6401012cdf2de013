import pytest

from zhicheng.profiles.models import Education

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applicant_registers_logs_in_fills_profile_and_sees_it_after_reload(page):
    page.goto("/register/")
    page.get_by_label("姓名").fill("王丽萍")
    page.get_by_label("身份证号").fill("530113198503120125")
    page.get_by_label("手机号码").fill("13987139999")
    page.get_by_label("密码", exact=True).fill("Tongdu#2022")
    page.get_by_label("确认密码").fill("Tongdu#2022")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/profile/")

    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")
    page.get_by_label("身份证号或手机号码").fill("530113198503120125")
    page.get_by_label("密码").fill("Tongdu#2022")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "目前没有正在办理的申报" in page.locator("main").inner_text()  # the home page says what to do first
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="个人档案").click()
    page.wait_for_url("**/profile/")

    page.locator("#education").get_by_role("link", name="添加").click()
    page.get_by_label("学历层次").select_option("bachelor")
    page.get_by_label("毕业院校").fill("昆明理工大学")
    page.get_by_label("所学专业").fill("水利水电工程")
    page.get_by_label("工程类专业").check()
    page.get_by_label("毕业时间").fill("2008-07-01")
    page.get_by_label("学历证明方式").select_option("chsi")
    page.get_by_label("在线验证码/认证书编号").fill("A20220615123456")
    page.get_by_label("在线验证有效期至").fill("2030-12-31")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/profile/#education")

    page.reload()

    section = page.locator("#education")
    assert "昆明理工大学" in section.inner_text()
    assert "水利水电工程" in section.inner_text()
    assert "2008年7月1日" in section.inner_text()
    assert Education.objects.get().school == "昆明理工大学"
    page.screenshot(path=_artifact("profile.png"), full_page=True)


def _artifact(name):
    import pathlib

    folder = pathlib.Path("var/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / name)
