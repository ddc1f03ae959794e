"""A real IMAP server for the tests: Debian's dovecot-imapd with a throwaway configuration in a
temporary directory, on a free loopback port, never as root (under root the processes run as
the `dovecot` user the package creates). Mail is delivered with `doveadm save`, Dovecot's own
delivery into a mailbox."""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from conftest import free_port

CONF = """protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={dir}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


class Dovecot:
    def __init__(self, user="support@anshin.test", password="imap-secret"):
        self.user, self.password = user, password
        self.dir = tempfile.mkdtemp(prefix="anshin-imap-")
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        self.run_as = "dovecot" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        pw = pwd.getpwnam(self.run_as)
        self.uid, self.gid = pw.pw_uid, pw.pw_gid
        import grp
        group = grp.getgrgid(self.gid).gr_name
        for d in ("run", "state", "home"):
            os.makedirs(os.path.join(self.dir, d))
        with open(os.path.join(self.dir, "dovecot.conf"), "w") as f:
            f.write(CONF.format(dir=self.dir, user=self.run_as, group=group, uid=self.uid,
                                gid=self.gid, port=self.port))
        with open(os.path.join(self.dir, "passwd"), "w") as f:
            f.write("%s:{PLAIN}%s::::::\n" % (user, password))
        if os.geteuid() == 0:
            for root, dirs, files in os.walk(self.dir):
                for n in dirs + files:
                    os.chown(os.path.join(root, n), self.uid, self.gid)
            os.chown(self.dir, self.uid, self.gid)

    @property
    def url(self):
        return "imap://127.0.0.1:%d/INBOX" % self.port

    def _cmd(self, *args):
        conf = ["-c", os.path.join(self.dir, "dovecot.conf")]
        if os.geteuid() == 0:
            return ["setpriv", "--reuid=%d" % self.uid, "--regid=%d" % self.gid,
                    "--clear-groups", *args[:1], *conf, *args[1:]]
        return [*args[:1], *conf, *args[1:]]

    def start(self):
        subprocess.run(self._cmd("dovecot"), check=True, timeout=30)
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("dovecot did not start: " + self.log())

    def deliver(self, raw):
        """Saves one message (bytes) into the user's INBOX with doveadm save."""
        r = subprocess.run(self._cmd("doveadm", "save", "-u", self.user, "-m", "INBOX"),
                           input=raw, capture_output=True, timeout=30)
        assert r.returncode == 0, r.stderr.decode() + self.log()

    def log(self):
        try:
            with open(os.path.join(self.dir, "dovecot.log"), encoding="utf-8") as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def stop(self):
        pid_file = os.path.join(self.dir, "run", "master.pid")
        if os.path.exists(pid_file):
            with open(pid_file) as f:
                pid = int(f.read().strip())
            os.kill(pid, signal.SIGTERM)
            deadline = time.time() + 10
            while time.time() < deadline:
                try:
                    os.kill(pid, 0)
                    time.sleep(0.05)
                except ProcessLookupError:
                    break
        shutil.rmtree(self.dir, ignore_errors=True)
