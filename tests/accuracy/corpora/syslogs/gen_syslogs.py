#!/usr/bin/env python3
"""System logs with no PHI, in the shapes of common open-source software.

Lines as syslog/journald, sshd, sudo, cron, the Linux kernel, Hadoop HDFS,
MapReduce, Spark, YARN, ZooKeeper, Android logcat, Windows CBS and event
text, Apache access and error logs, nginx, OpenStack, Proxifier, BGL, HPC
and Thunderbird supercomputer logs, macOS, Java and Python stack traces,
Kubernetes kubelet, PostgreSQL, MySQL and Redis write them. Written from
the formats of those programs (no dataset copied), with service accounts,
host names, addresses, ports, pids, UUIDs, paths, class names and log words
(RAS, APP, RUNNING, LOGIN, FROM, Surface(name=...)), and no person's data:
no names, no dates other than the record's own timestamp where the format
puts one.

Every record is "clean": the metric is the share of lines phiscrub changes
with the IP category off (-d IP); issue 13's goal is at most 0.2%.

    python3 gen_syslogs.py -o syslogs.jsonl     # what the test reads (committed)
"""
import argparse
import datetime as dt
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import corpuslib  # noqa: E402
from corpuslib import Line  # noqa: E402

DEFAULT_SEED = 271828
DEFAULT_LINES = 32000

HOSTS = ["web01", "web02", "db-master", "db-replica-2", "lb1", "ip-10-0-3-17", "node-4", "worker-12",
         "build-agent-3", "k8s-node-7", "mail", "gateway", "nas01", "monitor", "cache-01", "bastion",
         "ci-runner-5", "edge-fw", "backup01", "srv-app-02"]
USERS = ["root", "deploy", "ubuntu", "admin", "jenkins", "ansible", "hdfs", "yarn", "postgres",
         "www-data", "nobody", "git", "backup", "nagios", "mysql", "redis", "svc_etl", "ec2-user"]
BAD_USERS = ["admin", "test", "oracle", "guest", "user", "ftpuser", "pi", "support", "ubnt", "test1",
             "webmaster", "postgres", "git", "minecraft", "teamspeak", "tomcat", "hadoop", "nagios",
             "steam", "vagrant", "deployer", "student", "monitor", "info", "sales", "www", "backup",
             "alex", "john", "michael", "david", "anna", "kevin", "mark", "daniel", "sara"]
JAVA_PKGS = ["org.apache.hadoop.hdfs.server.datanode", "org.apache.spark.scheduler",
             "org.apache.zookeeper.server", "com.example.billing", "io.netty.channel",
             "org.springframework.web.servlet", "org.hibernate.engine.jdbc", "com.zaxxer.hikari.pool",
             "org.apache.kafka.clients.consumer", "org.eclipse.jetty.server"]
CLASSES = ["DataNode", "TaskSetManager", "NIOServerCnxn", "InvoiceService", "DefaultChannelPipeline",
           "DispatcherServlet", "SqlExceptionHelper", "HikariPool", "ConsumerCoordinator", "HttpChannel",
           "BlockReceiver", "DAGScheduler", "QuorumPeer", "PaymentController", "ResourceLeakDetector"]
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DOW = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class Sys(corpuslib.Gen):
    def __init__(self, seed):
        super().__init__(seed)
        self.t = dt.datetime(2024, 3, 4, 0, 0, 0)

    def tick(self):
        self.t += dt.timedelta(milliseconds=self.num(1, 90000))
        return self.t

    def ms(self):
        return "%03d" % self.num(0, 999)

    def us(self):
        return "%06d" % self.num(0, 999999)

    def rfc3164(self):
        t = self.tick()
        return "%s %2d %s" % (MON[t.month - 1], t.day, t.strftime("%H:%M:%S"))

    def host(self):
        return self.pick(HOSTS)

    def pid(self):
        return self.num(100, 65000)

    def port(self):
        return self.num(1024, 65535)

    def block(self):
        return "blk_%s%d" % (self.pick(["", "-"]), self.num(10 ** 17, 10 ** 19 - 1))

    # ---------------------------------------------------------- sources
    def syslog(self):
        h, ts = self.host(), self.rfc3164()
        k = self.num(0, 17)
        m = [
            "systemd[1]: Started Session %d of user %s." % (self.num(1, 9999), self.pick(USERS)),
            "systemd[1]: Starting Daily apt upgrade and clean activities...",
            "systemd[1]: apt-daily-upgrade.service: Succeeded.",
            "systemd[1]: Finished Rotate log files.",
            "systemd-logind[%d]: New session %d of user %s." % (self.pid(), self.num(1, 9999), self.pick(USERS)),
            "systemd-logind[%d]: Removed session %d." % (self.pid(), self.num(1, 9999)),
            "NetworkManager[%d]: <info>  [%d.%s] device (eth0): state change: ip-config -> ip-check (reason 'none', sys-iface-state: 'managed')" % (self.pid(), self.num(1700000000, 1760000000), self.num(1000, 9999)),
            "dhclient[%d]: DHCPREQUEST for %s on eth0 to %s port 67" % (self.pid(), self.ip4(), self.ip4()),
            "dhclient[%d]: bound to %s -- renewal in %d seconds." % (self.pid(), self.ip4(), self.num(600, 43200)),
            "rsyslogd: [origin software=\"rsyslogd\" swVersion=\"8.2102.0\" x-pid=\"%d\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed" % self.pid(),
            "kernel: [%d.%s] EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro" % (self.num(1, 99999), self.us()),
            "kernel: [%d.%s] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready" % (self.num(1, 99999), self.us()),
            "ntpd[%d]: Listen normally on %d eth0 %s:123" % (self.pid(), self.num(2, 9), self.ip4()),
            "chronyd[%d]: Selected source %s (2.debian.pool.ntp.org)" % (self.pid(), self.ip4()),
            "postfix/smtpd[%d]: connect from unknown[%s]" % (self.pid(), self.ip4()),
            "postfix/qmgr[%d]: %s: removed" % (self.pid(), self.alnum_upper(10)),
            "dbus-daemon[%d]: [system] Successfully activated service 'org.freedesktop.PackageKit'" % self.pid(),
            "snapd[%d]: storehelpers.go:%d: cannot refresh: snap has no updates available: \"core20\", \"lxd\"" % (self.pid(), self.num(100, 999)),
        ][k]
        if self.chance(0.15):
            t = self.tick()
            return ["%s.%s+00:00 %s %s" % (t.strftime("%Y-%m-%dT%H:%M:%S"), self.us(), h, m)]
        return ["%s %s %s" % (ts, h, m)]

    def sshd(self):
        h, p, ip = self.host(), self.pid(), self.ip4()
        ts = self.rfc3164()
        u = self.pick(BAD_USERS)
        k = self.num(0, 11)
        m = [
            "Accepted publickey for %s from %s port %d ssh2: RSA SHA256:%s" % (self.pick(USERS), ip, self.port(), self.hexs(43)),
            "Accepted password for %s from %s port %d ssh2" % (self.pick(USERS), ip, self.port()),
            "Failed password for invalid user %s from %s port %d ssh2" % (u, ip, self.port()),
            "Failed password for root from %s port %d ssh2" % (ip, self.port()),
            "Invalid user %s from %s port %d" % (u, ip, self.port()),
            "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=root" % ip,
            "pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)" % (self.pick(USERS), self.num(0, 1100)),
            "Received disconnect from %s port %d:11: Bye Bye [preauth]" % (ip, self.port()),
            "Disconnected from authenticating user root %s port %d [preauth]" % (ip, self.port()),
            "Connection closed by %s port %d [preauth]" % (ip, self.port()),
            "reverse mapping checking getaddrinfo for %s.static.example.net [%s] failed - POSSIBLE BREAK-IN ATTEMPT!" % (self.hexs(6), ip),
            "error: maximum authentication attempts exceeded for root from %s port %d ssh2 [preauth]" % (ip, self.port()),
        ][k]
        return ["%s %s sshd[%d]: %s" % (ts, h, p, m)]

    def sudo(self):
        h, ts, u = self.host(), self.rfc3164(), self.pick(USERS[1:])
        cmd = self.pick(["/usr/bin/systemctl restart nginx", "/usr/bin/apt-get update", "/bin/journalctl -u kubelet",
                         "/usr/bin/docker ps -a", "/bin/cat /var/log/syslog", "/usr/sbin/service cron reload",
                         "/usr/bin/tail -n 200 /var/log/auth.log", "/usr/bin/crontab -l -u %s" % self.pick(USERS)])
        k = self.num(0, 3)
        if k == 0:
            return ["%s %s sudo:     %s : TTY=pts/%d ; PWD=/home/%s ; USER=root ; COMMAND=%s" % (ts, h, u, self.num(0, 9), u, cmd)]
        if k == 1:
            return ["%s %s sudo: pam_unix(sudo:session): session opened for user root(uid=0) by %s(uid=%d)" % (ts, h, u, self.num(1000, 1100)),
                    "%s %s sudo: pam_unix(sudo:session): session closed for user root" % (self.rfc3164(), h)]
        if k == 2:
            return ["%s %s sudo: %s : 3 incorrect password attempts ; TTY=pts/%d ; PWD=/home/%s ; USER=root ; COMMAND=%s" % (ts, h, u, self.num(0, 9), u, cmd)]
        return ["%s %s sudo:   nagios : TTY=unknown ; PWD=/ ; USER=root ; COMMAND=/usr/lib/nagios/plugins/check_disk -w 20%% -c 10%%" % (ts, h)]

    def cron(self):
        h, ts, p = self.host(), self.rfc3164(), self.pid()
        k = self.num(0, 4)
        u = self.pick(["root", "www-data", "backup", "postgres"])
        if k == 0:
            return ["%s %s CRON[%d]: (%s) CMD (   cd / && run-parts --report /etc/cron.hourly)" % (ts, h, p, u)]
        if k == 1:
            return ["%s %s CRON[%d]: pam_unix(cron:session): session opened for user %s(uid=0) by (uid=0)" % (ts, h, p, u),
                    "%s %s CRON[%d]: (%s) CMD (/usr/local/bin/backup.sh > /dev/null 2>&1)" % (ts, h, p, u),
                    "%s %s CRON[%d]: pam_unix(cron:session): session closed for user %s" % (self.rfc3164(), h, p, u)]
        if k == 2:
            return ["%s %s crond[%d]: (%s) CMD (/usr/lib64/sa/sa1 1 1)" % (ts, h, p, u)]
        if k == 3:
            return ["%s %s anacron[%d]: Job `cron.daily' terminated" % (ts, h, p)]
        return ["%s %s CRON[%d]: (CRON) info (No MTA installed, discarding output)" % (ts, h, p)]

    def kernel(self):
        t = "[%5d.%s]" % (self.num(0, 99999), self.us())
        k = self.num(0, 15)
        m = [
            "Linux version 6.1.0-%d-amd64 (debian-kernel@buildd) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC" % self.num(10, 30),
            "Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=%s ro quiet" % self.uuid(),
            "usb 1-1: new high-speed USB device number %d using xhci_hcd" % self.num(2, 20),
            "usb 1-1: New USB device found, idVendor=%s, idProduct=%s, bcdDevice= 1.00" % (self.hexs(4), self.hexs(4)),
            "sd 0:0:0:0: [sda] %d 512-byte logical blocks: (%d GB/%d GiB)" % (self.num(10 ** 8, 10 ** 9), self.num(100, 999), self.num(90, 930)),
            "EXT4-fs (nvme0n1p2): mounted filesystem with ordered data mode. Quota mode: none.",
            "e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
            "Out of memory: Killed process %d (java) total-vm:%dkB, anon-rss:%dkB, file-rss:0kB, shmem-rss:0kB, UID:%d pgtables:%dkB oom_score_adj:0" % (self.pid(), self.num(10 ** 6, 10 ** 7), self.num(10 ** 5, 10 ** 6), self.num(0, 1100), self.num(1000, 9999)),
            "java[%d]: segfault at %s ip %s sp %s error 4 in libjvm.so[%s+%s]" % (self.pid(), self.hexs(8), self.hexs(16), self.hexs(16), self.hexs(12), self.hexs(6)),
            "[UFW BLOCK] IN=eth0 OUT= MAC=%s SRC=%s DST=%s LEN=40 TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=TCP SPT=%d DPT=%d WINDOW=1024 RES=0x00 SYN URGP=0" % (":".join(self.hexs(2) for _ in range(14)), self.ip4(), self.ip4(), self.num(30, 250), self.num(1, 65535), self.port(), self.pick([22, 23, 80, 443, 3389, 8080])),
            "audit: type=1400 audit(%d.%s:%d): apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/sbin/cupsd\" name=\"/etc/ssl/openssl.cnf\" pid=%d comm=\"cupsd\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0" % (self.num(1700000000, 1760000000), self.ms(), self.num(1, 999), self.pid()),
            "nvme nvme0: I/O %d QID %d timeout, completion polled" % (self.num(1, 999), self.num(1, 8)),
            "TCP: request_sock_TCP: Possible SYN flooding on port %d. Sending cookies.  Check SNMP counters." % self.pick([80, 443, 8080]),
            "perf: interrupt took too long (%d > %d), lowering kernel.perf_event_max_sample_rate to %d" % (self.num(2500, 9999), self.num(2500, 9999), self.num(10000, 99999)),
            "docker0: port %d(veth%s) entered forwarding state" % (self.num(1, 9), self.hexs(7)),
            "RAS: Correctable Errors collector initialized.",
        ][k]
        return ["%s %s" % (t, m)]

    def hdfs(self):
        t = self.tick()
        ts = t.strftime("%y%m%d %H%M%S")
        p = self.num(1, 40000)
        b = self.block()
        k = self.num(0, 8)
        m = [
            "INFO dfs.DataNode$PacketResponder: PacketResponder %d for block %s terminating" % (self.num(0, 2), b),
            "INFO dfs.DataNode$PacketResponder: Received block %s of size %d from /%s" % (b, self.num(1, 67108864), self.ip4()),
            "INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: %s:50010 is added to %s size %d" % (self.ip4(), b, self.num(1, 67108864)),
            "INFO dfs.DataNode$DataXceiver: Receiving block %s src: /%s:%d dest: /%s:50010" % (b, self.ip4(), self.port(), self.ip4()),
            "INFO dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_%d_%04d_m_%06d_0/part-%05d. %s" % (self.num(10 ** 11, 10 ** 12), self.num(1, 9999), self.num(0, 9999), self.num(0, 9999), b),
            "INFO dfs.DataBlockScanner: Verification succeeded for %s" % b,
            "WARN dfs.DataNode$DataXceiver: %s:50010:Got exception while serving %s to /%s:" % (self.ip4(), b, self.ip4()),
            "INFO dfs.FSNamesystem: BLOCK* ask %s:50010 to delete  %s %s" % (self.ip4(), b, self.block()),
            "INFO dfs.DataNode: Deleting block %s file /mnt/hadoop/dfs/data/current/subdir%d/%s" % (b, self.num(0, 63), b),
        ][k]
        return ["%s %d %s" % (ts, p, m)]

    def hadoop(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%d %H:%M:%S") + "," + self.ms()
        app = "%d_%04d" % (self.num(1400000000000, 1700000000000), self.num(1, 99))
        k = self.num(0, 7)
        m = [
            "INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_%s_000001" % app,
            "INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Executing with tokens:",
            "INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: OutputCommitter is org.apache.hadoop.mapred.FileOutputCommitter",
            "INFO [AsyncDispatcher event handler] org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: attempt_%s_m_%06d_0 TaskAttempt Transitioned from NEW to UNASSIGNED" % (app, self.num(0, 999)),
            "INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Before Scheduling: PendingReds:1 ScheduledMaps:%d ScheduledReds:0 AssignedMaps:0 AssignedReds:0 CompletedMaps:0 CompletedReds:0 ContAlloc:0 ContRel:0 HostLocal:0 RackLocal:0" % self.num(1, 40),
            "WARN [LeaseRenewer:hdfs@%s:9000] org.apache.hadoop.ipc.Client: Address change detected. Old: %s/%s:9000 New: %s:9000" % (self.host(), self.host(), self.ip4(), self.host()),
            "INFO [IPC Server handler %d on %d] org.apache.hadoop.mapred.TaskAttemptListenerImpl: Progress of TaskAttempt attempt_%s_m_%06d_0 is : 0.%d" % (self.num(0, 29), self.port(), app, self.num(0, 99), self.num(1, 99999)),
            "ERROR [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMCommunicator: ERROR IN CONTACTING RM. ",
        ][k]
        return ["%s %s" % (ts, m)]

    def spark(self):
        t = self.tick()
        ts = t.strftime("%y/%m/%d %H:%M:%S")
        k = self.num(0, 9)
        m = [
            "INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]",
            "INFO spark.SecurityManager: Changing view acls to: yarn,%s" % self.pick(["hdfs", "spark", "etl"]),
            "INFO spark.SecurityManager: SecurityManager: authentication disabled; ui acls disabled; users with view permissions: Set(yarn, spark); users with modify permissions: Set(yarn, spark)",
            "INFO storage.BlockManager: Found block rdd_%d_%d locally" % (self.num(0, 99), self.num(0, 999)),
            "INFO executor.Executor: Running task %d.0 in stage %d.0 (TID %d)" % (self.num(0, 999), self.num(0, 99), self.num(0, 99999)),
            "INFO executor.Executor: Finished task %d.0 in stage %d.0 (TID %d). %d bytes result sent to driver" % (self.num(0, 999), self.num(0, 99), self.num(0, 99999), self.num(800, 9999)),
            "INFO storage.MemoryStore: Block broadcast_%d stored as values in memory (estimated size %.1f KB, free %.1f GB)" % (self.num(0, 99), self.num(1, 999) / 10, self.num(10, 99) / 10),
            "INFO python.PythonRunner: Times: total = %d, boot = %d, init = %d, finish = %d" % (self.num(10, 999), self.num(1, 99), self.num(1, 99), self.num(1, 99)),
            "WARN scheduler.TaskSetManager: Lost task %d.0 in stage %d.0 (TID %d, %s, executor %d): FetchFailed(BlockManagerId(%d, %s, %d, None), shuffleId=%d)" % (self.num(0, 999), self.num(0, 99), self.num(0, 99999), self.host(), self.num(1, 40), self.num(1, 40), self.host(), self.port(), self.num(0, 9)),
            "INFO output.FileOutputCommitter: Saved output of task 'attempt_%s_%04d_m_%06d_%d' to hdfs://%s:8020/user/spark/out/_temporary/0/task_%s" % (t.strftime("%Y%m%d%H%M"), self.num(0, 9999), self.num(0, 99), self.num(0, 3), self.host(), self.digits(12)),
        ][k]
        return ["%s %s" % (ts, m)]

    def yarn(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%d %H:%M:%S") + "," + self.ms()
        app = "application_%d_%04d" % (self.num(1400000000000, 1700000000000), self.num(1, 9999))
        k = self.num(0, 5)
        m = [
            "INFO org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppImpl: %s State change from NEW_SAVING to SUBMITTED on event = APP_NEW_SAVED" % app,
            "INFO org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppImpl: %s State change from ACCEPTED to RUNNING on event = ATTEMPT_REGISTERED" % app,
            "INFO org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler: Added Application Attempt appattempt_%s_000001 to scheduler from user: %s" % (app[12:], self.pick(["hdfs", "spark", "etl", "hive"])),
            "INFO org.apache.hadoop.yarn.server.nodemanager.containermanager.container.ContainerImpl: Container container_%s_01_%06d transitioned from LOCALIZED to RUNNING" % (app[12:], self.num(1, 999)),
            "INFO org.apache.hadoop.yarn.server.resourcemanager.RMAuditLogger: USER=%s\tOPERATION=Submit Application Request\tTARGET=ClientRMService\tRESULT=SUCCESS\tAPPID=%s\tQUEUENAME=default" % (self.pick(["hdfs", "spark", "hive"]), app),
            "WARN org.apache.hadoop.yarn.server.nodemanager.containermanager.monitor.ContainersMonitorImpl: Container [pid=%d,containerID=container_%s_01_%06d] is running beyond physical memory limits. Current usage: 2.1 GB of 2 GB physical memory used; 4.0 GB of 4.2 GB virtual memory used. Killing container." % (self.pid(), app[12:], self.num(1, 999)),
        ][k]
        return ["%s %s" % (ts, m)]

    def zookeeper(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%d %H:%M:%S") + "," + self.ms()
        myid = self.num(1, 5)
        k = self.num(0, 6)
        m = [
            "INFO  [QuorumPeer[myid=%d]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@%d] - Notification time out: %d" % (myid, self.num(100, 999), self.num(400, 60000)),
            "INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxnFactory@197] - Accepted socket connection from /%s:%d" % (self.ip4(), self.port()),
            "WARN  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@357] - caught end of stream exception",
            "INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@1007] - Closed socket connection for client /%s:%d which had sessionid 0x%s" % (self.ip4(), self.port(), self.hexs(15)),
            "INFO  [SyncThread:%d:FileTxnLog@199] - Creating new log file: log.%s" % (myid, self.hexs(9)),
            "WARN  [RecvWorker:%d:QuorumCnxManager$RecvWorker@762] - Connection broken for id %d, my id = %d, error = " % (self.num(1, 5), self.num(1, 5), myid),
            "INFO  [QuorumPeer[myid=%d]/0:0:0:0:0:0:0:0:2181:QuorumPeer@670] - LOOKING" % myid,
        ][k]
        return ["%s - %s" % (ts, m)]

    def logcat(self):
        t = self.tick()
        ts = t.strftime("%m-%d %H:%M:%S") + "." + self.ms()
        p, tid = self.num(500, 30000), self.num(500, 30000)
        tok = self.hexs(7)
        k = self.num(0, 12)
        tag, lvl, m = [
            ("WindowManager", "D", "printFreezingDisplayLogsopening app wtoken = AppWindowToken{%s token=Token{%s ActivityRecord{%s u0 com.example.news/.activity.DetailActivity t%d}}}, allDrawn= false, startingDisplayed =  false, startingMoved =  false, isRelaunching =  false" % (self.hexs(7), self.hexs(7), self.hexs(7), self.num(100, 999))),
            ("WindowManager", "V", "Relayout Window{%s u0 PopupWindow:%s}: viewVisibility=0 req=%dx%d WM.LayoutParams{(0,0)(%dx%d) gr=#800053 sim=#1 ty=1000 fl=#1860200 fmt=-3 wanim=0x10302fe surfaceInsets=Rect(0, 0 - 0, 0)}" % (self.hexs(7), tok, self.num(100, 1080), self.num(100, 1920), self.num(100, 1080), self.num(100, 1920))),
            ("SurfaceFlinger", "D", "duplicate layer name: changing Surface(name=PopupWindow:%s) to Surface(name=PopupWindow:%s)#1" % (tok, tok)),
            ("PowerManagerService", "D", "acquire lock=%d, flags=0x1, tag=\"RILJ_ACK_WL\", name=com.android.phone, ws=null, uid=%d, pid=%d" % (self.num(10 ** 6, 10 ** 9), self.num(1000, 10999), p)),
            ("ActivityManager", "I", "Start proc %d:com.android.settings/1000 for activity com.android.settings/.Settings" % p),
            ("ActivityManager", "I", "Process com.example.camera (pid %d) has died" % p),
            ("chatty", "I", "uid=%d(system) RenderThread identical %d lines" % (self.num(1000, 10999), self.num(1, 40))),
            ("PhoneStatusBar", "D", "disable: < expand icons* alerts ticker system_info back home recent clock search quick_settings >"),
            ("DisplayPowerController", "I", "Blocking screen on until initial contents have been drawn."),
            ("KeyguardUpdateMonitor", "D", "received broadcast android.intent.action.BATTERY_CHANGED"),
            ("AudioFlinger", "W", "AudioFlinger::RecordThread::start: pid %d, uid %d, Record permission denied" % (p, self.num(10000, 10999))),
            ("Step_StandReportReceiver", "I", "onReceive action: android.intent.action.SCREEN_ON"),
            ("InputDispatcher", "W", "channel '%s com.example.app/com.example.app.MainActivity (server)' ~ Consumer closed input channel or an error occurred.  events=0x9" % self.hexs(7)),
        ][k]
        return ["%s  %d  %d %s %s: %s" % (ts, p, tid, lvl, tag, m)]

    def cbs(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%d %H:%M:%S")
        ver = "6.1.7601.%d" % self.num(17000, 24000)
        k = self.num(0, 7)
        m = [
            "Info                  CBS    Loaded Servicing Stack v%s with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_%s_none_%s\\cbscore.dll" % (ver, ver, self.hexs(16)),
            "Info                  CSI    %08x@%d/%d/%d:%s WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x%s @0x%s @0x%s)" % (self.num(1, 999), t.year, t.month, t.day, t.strftime("%H:%M:%S") + "." + self.ms(), self.hexs(11), self.hexs(11), self.hexs(11)),
            "Info                  CBS    Ending TrustedInstaller initialization.",
            "Info                  CBS    Starting the TrustedInstaller main loop.",
            "Info                  CBS    SQM: Initializing online with Windows opt-in: False",
            "Info                  CBS    Session: %d_%d initialized by client WindowsUpdateAgent." % (self.num(30000000, 39999999), self.num(10 ** 8, 10 ** 9)),
            "Info                  CBS    Read out cached package applicability for package: Package_for_KB%d~31bf3856ad364e35~amd64~~%s, ApplicableState: 112, CurrentState:112" % (self.num(2000000, 5999999), ver),
            "Warning               CBS    Failed to get next element [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]",
        ][k]
        return ["%s, %s" % (ts, m)]

    def winevent(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%dT%H:%M:%S") + "." + self.ms() + "Z"
        h = "WIN-%s" % self.alnum_upper(11)
        k = self.num(0, 5)
        sid = "S-1-5-21-%d-%d-%d-%d" % (self.num(10 ** 9, 4 * 10 ** 9), self.num(10 ** 9, 4 * 10 ** 9), self.num(10 ** 9, 4 * 10 ** 9), self.num(500, 1200))
        acct = self.pick(["Administrator", "SYSTEM", "svc_backup", "svc_sql", h + "$", "LOCAL SERVICE", "NETWORK SERVICE", "DWM-1", "UMFD-0"])
        m = [
            "Microsoft-Windows-Security-Auditing 4624 Information An account was successfully logged on. Subject: Security ID: S-1-5-18 Account Name: %s$ Account Domain: WORKGROUP Logon ID: 0x3E7 Logon Type: %d New Logon: Security ID: %s Account Name: %s Account Domain: CORP Logon ID: 0x%s" % (h, self.pick([2, 3, 5, 10]), sid, acct, self.hexs(8)),
            "Microsoft-Windows-Security-Auditing 4625 Information An account failed to log on. Subject: Security ID: S-1-0-0 Account Name: - Account Domain: - Logon ID: 0x0 Logon Type: 3 Account For Which Logon Failed: Account Name: %s Failure Reason: Unknown user name or bad password. Status: 0xC000006D Sub Status: 0xC0000064 Source Network Address: %s Source Port: %d" % (self.pick(["ADMINISTRATOR", "admin", "guest", "test", "scanner"]), self.ip4(), self.port()),
            "Service Control Manager 7036 Information The Windows Update service entered the running state.",
            "Service Control Manager 7040 Information The start type of the Background Intelligent Transfer Service service was changed from demand start to auto start.",
            "Microsoft-Windows-Kernel-General 12 Information The operating system started at system time %s." % (t.strftime("%Y-%m-%dT%H:%M:%S") + ".500000000Z"),
            "Microsoft-Windows-DistributedCOM 10016 Warning The application-specific permission settings do not grant Local Activation permission for the COM Server application with CLSID {%s} and APPID {%s} to the user NT AUTHORITY\\SYSTEM SID (S-1-5-18) from address LocalHost (Using LRPC)" % (self.uuid().upper(), self.uuid().upper()),
        ][k]
        return ["%s %s %s" % (ts, h, m)]

    def apache_ts(self):
        t = self.tick()
        return t.strftime("%d/") + MON[t.month - 1] + t.strftime("/%Y:%H:%M:%S") + " +0000"

    def access(self):
        path = self.pick(["/", "/index.html", "/favicon.ico", "/api/v1/items?page=%d&size=50" % self.num(1, 99),
                          "/static/css/app.%s.css" % self.hexs(8), "/wp-login.php", "/robots.txt",
                          "/api/v2/orders/%d" % self.num(1, 10 ** 7), "/healthz", "/images/logo.png",
                          "/search?q=%s" % self.pick(["router+firmware", "kubernetes", "disk+quota", "error+500"]),
                          "/.env", "/cgi-bin/luci", "/login?next=%2Fdashboard"])
        ua = self.pick(["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
                        "curl/7.88.1", "Googlebot/2.1 (+http://www.google.com/bot.html)", "python-requests/2.31.0",
                        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "kube-probe/1.29",
                        "Wget/1.21.3", "Go-http-client/1.1", "Prometheus/2.48.0"])
        ref = self.pick(["-", "-", "https://www.example.com/", "https://search.example.org/"])
        ident = self.pick(["-", "-", "-", "admin", "deploy"])
        line = '%s - %s [%s] "%s %s HTTP/1.1" %d %d "%s" "%s"' % (
            self.ip4(), ident, self.apache_ts(), self.pick(["GET", "GET", "POST", "HEAD"]), path,
            self.pick([200, 200, 304, 404, 301, 500, 403]), self.num(0, 50000), ref, ua)
        if self.chance(0.3):
            line += " %d.%03d" % (self.num(0, 2), self.num(0, 999))
        return [line]

    def apache_error(self):
        t = self.tick()
        ts = "%s %s %02d %s %d" % (DOW[t.weekday()], MON[t.month - 1], t.day, t.strftime("%H:%M:%S"), t.year)
        k = self.num(0, 7)
        m = [
            "[notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
            "[error] mod_jk child workerEnv in error state %d" % self.num(6, 9),
            "[notice] jk2_init() Found child %d in scoreboard slot %d" % (self.pid(), self.num(6, 10)),
            "[error] [client %s] Directory index forbidden by rule: /var/www/html/" % self.ip4(),
            "[error] [client %s] File does not exist: /var/www/html/%s" % (self.ip4(), self.pick(["favicon.ico", "robots.txt", "phpmyadmin"])),
            "[notice] Apache/2.4.57 (Debian) configured -- resuming normal operations",
            "[notice] caught SIGTERM, shutting down",
        ][k] if k < 7 else None
        if m is None:
            t2 = t.strftime("%H:%M:%S") + "." + self.us()
            return ["[%s %s %02d %s %d] [proxy_fcgi:error] [pid %d:tid %d] [client %s:%d] AH01071: Got error 'Primary script unknown'" % (
                DOW[t.weekday()], MON[t.month - 1], t.day, t2, t.year, self.pid(), self.num(10 ** 14, 10 ** 15), self.ip4(), self.port())]
        return ["[%s] %s" % (ts, m)]

    def nginx(self):
        if self.chance(0.5):
            return self.access()
        t = self.tick()
        ts = t.strftime("%Y/%m/%d %H:%M:%S")
        p = self.pid()
        k = self.num(0, 4)
        m = [
            "*%d connect() failed (111: Connection refused) while connecting to upstream, client: %s, server: api.example.com, request: \"GET /v1/status HTTP/1.1\", upstream: \"http://127.0.0.1:%d/v1/status\", host: \"api.example.com\"" % (self.num(1, 10 ** 6), self.ip4(), self.port()),
            "*%d upstream timed out (110: Connection timed out) while reading response header from upstream, client: %s, server: _, request: \"POST /graphql HTTP/2.0\", upstream: \"http://%s:8080/graphql\"" % (self.num(1, 10 ** 6), self.ip4(), self.ip4()),
            "*%d open() \"/usr/share/nginx/html/%s\" failed (2: No such file or directory), client: %s, server: localhost, request: \"GET /%s HTTP/1.1\"" % (self.num(1, 10 ** 6), "wp-admin", self.ip4(), "wp-admin"),
            "signal process started",
            "*%d SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: %s, server: 0.0.0.0:443" % (self.num(1, 10 ** 6), self.ip4()),
        ][k]
        lvl = "notice" if k == 3 else self.pick(["error", "warn", "error", "crit"])
        return ["%s [%s] %d#%d: %s" % (ts, lvl, p, p, m)]

    def openstack(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%d %H:%M:%S") + "." + self.ms()
        req = "req-%s %s %s - - -" % (self.uuid(), self.hexs(32), self.hexs(32))
        inst = self.uuid()
        k = self.num(0, 6)
        fname = self.pick(["nova-api.log", "nova-compute.log", "nova-scheduler.log"])
        m = [
            "%d INFO nova.osapi_compute.wsgi.server [%s] %s \"GET /v2/%s/servers/detail HTTP/1.1\" status: 200 len: %d time: 0.%d" % (self.pid(), req, self.ip4(), self.hexs(32), self.num(200, 3000), self.num(100000, 999999)),
            "%d INFO nova.compute.manager [%s] [instance: %s] VM Started (Lifecycle Event)" % (self.pid(), req, inst),
            "%d INFO nova.compute.manager [%s] [instance: %s] Took %d.%02d seconds to spawn the instance on the hypervisor." % (self.pid(), req, inst, self.num(1, 60), self.num(0, 99)),
            "%d INFO nova.virt.libvirt.imagecache [%s] image %s at (/var/lib/nova/instances/_base/%s): checking" % (self.pid(), req, self.uuid(), self.hexs(40)),
            "%d WARNING nova.compute.manager [%s] [instance: %s] Received unexpected event network-vif-plugged-%s for instance" % (self.pid(), req, inst, self.uuid()),
            "%d INFO nova.scheduler.host_manager [%s] Successfully synced instances from host 'cp-%d'." % (self.pid(), req, self.num(1, 40)),
            "%d ERROR oslo_messaging.rpc.server [%s] Exception during message handling: MessagingTimeout: Timed out waiting for a reply to message ID %s" % (self.pid(), req, self.hexs(32)),
        ][k]
        if self.chance(0.5):
            return ["%s.1.%s %s %s" % (fname, t.strftime("%Y-%m-%d_%H:%M:%S"), ts, m)]
        return ["%s %s" % (ts, m)]

    def proxifier(self):
        t = self.tick()
        ts = "[%02d.%02d %s]" % (t.month, t.day, t.strftime("%H:%M:%S"))
        app = self.pick(["chrome.exe", "firefox.exe", "Dropbox.exe", "Teams.exe", "svchost.exe *64", "outlook.exe", "Slack.exe"])
        dst = self.pick(["www.example.com", "api.example.net", "update.example.org", "cdn.example.com", self.ip4()]) + ":%d" % self.pick([80, 443, 5222])
        k = self.num(0, 3)
        m = [
            "%s - %s open through proxy proxy.example.com:5070 HTTPS" % (app, dst),
            "%s - %s close, %d bytes sent, %d bytes (%.2f KB) received, lifetime %02d:%02d" % (app, dst, self.num(100, 9999), self.num(100, 99999), self.num(1, 999) / 10, self.num(0, 59), self.num(0, 59)),
            "%s - %s error : Could not connect through proxy proxy.example.com:5070 - Proxy server cannot establish a connection with the target, status code 403" % (app, dst),
            "%s - %s close, %d bytes sent, %d bytes received, lifetime <1 sec" % (app, dst, self.num(100, 9999), self.num(100, 9999)),
        ][k]
        return ["%s %s" % (ts, m)]

    def bgl(self):
        t = self.tick()
        node = "R%02d-M%d-N%s-C:J%02d-U%02d" % (self.num(0, 77), self.num(0, 1), self.pick("0123456789ABCDEF"), self.num(2, 17), self.pick([1, 11]))
        tag = self.pick(["-", "-", "-", "KERNDTLB", "APPSEV", "KERNSTOR"])
        k = self.num(0, 8)
        m = [
            "RAS KERNEL INFO instruction cache parity error corrected",
            "RAS KERNEL INFO %d double-hummer alignment exceptions" % self.num(1, 999),
            "RAS KERNEL INFO generating core.%d" % self.num(1, 9999),
            "RAS KERNEL FATAL data TLB error interrupt",
            "RAS APP FATAL ciod: failed to read message prefix on control stream (CioStream socket to %s:%d" % (self.ip4(), self.port()),
            "RAS KERNEL INFO CE sym %d, at 0x%s, mask 0x%s" % (self.num(0, 31), self.hexs(8), self.hexs(2)),
            "RAS MMCS ERROR idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=%d Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)" % self.num(100, 2000),
            "RAS KERNEL FATAL machine check interrupt (bit=0x%02x): L2 dcache unit data parity error" % self.num(0, 31),
            "RAS DISCOVERY WARNING Node card VPD check: missing U%02d node, VPD ecid %s in processor card slot J%02d" % (self.num(1, 20), self.hexs(24).upper(), self.num(2, 17)),
        ][k]
        return ["%s %d %s %s %s %s %s" % (tag, int(t.timestamp()), t.strftime("%Y.%m.%d"), node,
                                         t.strftime("%Y-%m-%d-%H.%M.%S.") + self.us(), node, m)]

    def hpc(self):
        t = self.tick()
        k = self.num(0, 4)
        node = "node-%d" % self.num(1, 256)
        m = [
            "%s unix.hw state_change.unavailable %d 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=%d)" % (node, int(t.timestamp()), self.num(1000, 9999)),
            "%s action start %d 1 clusterAddMember  (command %d)" % (node, int(t.timestamp()), self.num(1, 9999)),
            "%s boot_cmd new %d 1 Targeting domains:%s and nodes:%s child of command %d" % (node, int(t.timestamp()), node, node, self.num(1, 9999)),
            "gige%d gige.link linkerror %d 1 Link error on broadcast tree Interconnect-0T00:00:%d:%d" % (self.num(1, 9), int(t.timestamp()), self.num(0, 3), self.num(0, 9)),
            "%s node psu %d 1 PSU failure\\ ambient=%d" % (node, int(t.timestamp()), self.num(20, 40)),
        ][k]
        return ["%d %s" % (self.num(1, 500000), m)]

    def thunderbird(self):
        t = self.tick()
        node = self.pick(["dn%d" % self.num(1, 999), "an%d" % self.num(1, 999), "bn%d" % self.num(1, 999), "tbird-admin1", "tbird-sm1"])
        ts = "%s %d %s" % (MON[t.month - 1], t.day, t.strftime("%H:%M:%S"))
        k = self.num(0, 6)
        m = [
            "%s/%s crond(pam_unix)[%d]: session closed for user root" % (node, node, self.pid()),
            "%s/%s crond(pam_unix)[%d]: session opened for user root by (uid=0)" % (node, node, self.pid()),
            "local@%s postfix/postdrop[%d]: warning: unable to look up public/pickup: No such file or directory" % (node, self.pid()),
            "%s/%s kernel: ib_sm_sweep.c:1455: No topology change" % (node, node),
            "%s/%s ntpd[%d]: synchronized to %s, stratum 3" % (node, node, self.pid(), self.ip4()),
            "%s/%s kernel: VIPKL(1): [create_mr] MM_bld_hh_mr failed (-253:VAPI_EAGAIN)" % (node, node),
            "%s/%s dhcpd: DHCPREQUEST for %s from %s via eth1" % (node, node, self.ip4(), ":".join(self.hexs(2) for _ in range(6))),
        ][k]
        tag = self.pick(["-", "-", "-", "VAPI", "ECC"])
        return ["%s %d %s %s %s %s" % (tag, int(t.timestamp()), t.strftime("%Y.%m.%d"), node, ts, m)]

    def macos(self):
        ts = self.rfc3164()
        h = self.pick(["MacBook-Pro", "build-mac-07", "imac-lab3", "mbp-%s" % self.hexs(4)])
        k = self.num(0, 8)
        m = [
            "kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 port = %d unplug = 0" % self.num(1, 12),
            "kernel[0]: AppleCamIn::systemWakeCall - messageType = 0x%s" % self.hexs(8),
            "com.apple.CDScheduler[%d]: Thermal pressure state: 1 Memory pressure state: 0" % self.pid(),
            "mDNSResponder[%d]: mDNS_DeregisterInterface: Frequent transitions for interface en0 (%s)" % (self.pid(), self.ip4()),
            "sharingd[%d]: %s : Scanning mode Contacts Only" % (self.pid(), self.rfc3164()[7:]),
            "QQ[%d]: FA||Url||taskID[%d] dealloc" % (self.pid(), self.num(10 ** 9, 4 * 10 ** 9)),
            "com.apple.xpc.launchd[1] (com.apple.quicklook[%d]): Endpoint has been activated through legacy launch(3) APIs. Please switch to XPC or bootstrap_check_in(): com.apple.quicklook" % self.pid(),
            "Safari[%d]: tcp_connection_destination_perform_socket_connect %d connectx to %s:443@0 failed: [65] No route to host" % (self.pid(), self.num(1, 9999), self.ip4()),
            "WindowServer[%d]: CGXDisplayDidWakeNotification [%d]: posting kCGSDisplayDidWake" % (self.pid(), self.num(10 ** 11, 10 ** 12)),
        ][k]
        return ["%s %s %s" % (ts, h, m)]

    def java_trace(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%d %H:%M:%S") + "," + self.ms()
        pkg, cls = self.pick(JAVA_PKGS), self.pick(CLASSES)
        exc = self.pick(["java.lang.NullPointerException", "java.io.IOException: Broken pipe",
                         "java.net.SocketTimeoutException: Read timed out",
                         "java.lang.IllegalStateException: Connection pool shut down",
                         "org.springframework.dao.DataIntegrityViolationException: could not execute statement; SQL [n/a]; constraint [uk_order_ref]",
                         "java.util.concurrent.TimeoutException: Futures timed out after [120 seconds]",
                         "java.lang.OutOfMemoryError: Java heap space",
                         "java.lang.ClassCastException: class java.lang.String cannot be cast to class java.lang.Long"])
        out = ["%s ERROR [%s] %s.%s: Unhandled exception in request %s" % (ts, self.pick(["main", "http-nio-8080-exec-%d" % self.num(1, 200), "pool-1-thread-%d" % self.num(1, 16)]), pkg, cls, self.uuid())]
        out.append("%s" % exc if self.chance(0.5) else 'Exception in thread "%s" %s' % (self.pick(["main", "Timer-0", "kafka-producer-network-thread"]), exc))
        for _ in range(self.num(3, 9)):
            p2, c2 = self.pick(JAVA_PKGS), self.pick(CLASSES)
            meth = self.pick(["run", "process", "handle", "doFilter", "invoke", "call", "lambda$submit$0", "<init>", "readFrom"])
            out.append("\tat %s.%s.%s(%s.java:%d)" % (p2, c2, meth, c2, self.num(20, 2000)))
        if self.chance(0.4):
            out.append("Caused by: %s" % self.pick(["java.net.ConnectException: Connection refused (Connection refused)",
                                                   "org.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved for non-replication superuser connections"]))
            out.append("\tat java.base/sun.nio.ch.Net.connect0(Native Method)")
            out.append("\t... %d more" % self.num(5, 60))
        return out

    def py_trace(self):
        out = ["Traceback (most recent call last):"]
        for _ in range(self.num(2, 5)):
            path = self.pick(["/usr/lib/python3/dist-packages/urllib3/connectionpool.py", "/app/worker/tasks.py",
                              "/usr/local/lib/python3.11/site-packages/requests/adapters.py",
                              "/srv/api/.venv/lib/python3.12/site-packages/django/core/handlers/exception.py",
                              "/opt/airflow/dags/etl_daily.py"])
            fn = self.pick(["urlopen", "send", "inner", "run_task", "execute", "_make_request", "get_response"])
            out.append('  File "%s", line %d, in %s' % (path, self.num(10, 900), fn))
            out.append("    " + self.pick(["resp = conn.urlopen(", "raise ConnectionError(e, request=request)",
                                           "return self.func(*args, **kwargs)", "response = get_response(request)",
                                           "rows = cursor.fetchall()"]))
        out.append(self.pick([
            "requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=%d): Max retries exceeded with url: /api/v1/health (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x%s>: Failed to establish a new connection: [Errno 111] Connection refused'))" % (self.port(), self.hexs(12)),
            "KeyError: 'job_id'", "ValueError: invalid literal for int() with base 10: 'None'",
            "psycopg2.OperationalError: could not connect to server: Connection refused",
            "TimeoutError: [Errno 110] Connection timed out",
            "django.db.utils.IntegrityError: duplicate key value violates unique constraint \"orders_order_ref_key\""]))
        return out

    def kubelet(self):
        t = self.tick()
        lvl = self.pick("IIIIWE")
        ts = "%s%s %s.%s" % (lvl, t.strftime("%m%d"), t.strftime("%H:%M:%S"), self.us())
        ns = self.pick(["kube-system", "default", "monitoring", "ingress-nginx", "prod"])
        pod = "%s-%s-%s" % (self.pick(["coredns", "api", "worker", "prometheus", "fluent-bit", "nginx-ingress"]), self.hexs(10), self.hexs(5))
        k = self.num(0, 6)
        m = [
            'kubelet.go:%d] "SyncLoop (PLEG): event for pod" pod="%s/%s" event={"ID":"%s","Type":"ContainerStarted","Data":"%s"}' % (self.num(2000, 2500), ns, pod, self.uuid(), self.hexs(64)),
            'kuberuntime_manager.go:%d] "Back-off restarting failed container" pod="%s/%s" containerName="%s"' % (self.num(900, 1300), ns, pod, pod.split("-")[0]),
            'prober.go:%d] "Probe failed" probeType="Readiness" pod="%s/%s" podUID=%s containerName="app" probeResult=failure output="Get \\"http://%s:8080/ready\\": dial tcp %s:8080: connect: connection refused"' % (self.num(100, 130), ns, pod, self.uuid(), self.ip4(), self.ip4()),
            'reconciler_common.go:%d] "operationExecutor.MountVolume started for volume \\"kube-api-access-%s\\" (UniqueName: \\"kubernetes.io/projected/%s-kube-api-access-%s\\") pod \\"%s\\""' % (self.num(200, 300), self.alnum_upper(5).lower(), self.uuid(), self.alnum_upper(5).lower(), pod),
            'eviction_manager.go:%d] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"' % self.num(300, 400),
            'scope.go:%d] "RemoveContainer" containerID="%s"' % (self.num(100, 130), self.hexs(64)),
            'log.go:%d] failed to get cgroup stats for "/system.slice/docker.service": failed to get container info for "/system.slice/docker.service": unknown container "/system.slice/docker.service"' % self.num(100, 200),
        ][k]
        line = "%s %7d %s" % (ts, self.num(100, 9999), m)
        if self.chance(0.3):
            return ["%s %s kubelet[%d]: %s" % (self.rfc3164(), self.pick(HOSTS), self.pid(), line)]
        return [line]

    def postgres(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%d %H:%M:%S") + "." + self.ms() + " UTC"
        p = self.pid()
        who = self.pick(["", "postgres@appdb ", "app@orders ", "replicator@[unknown] "])
        k = self.num(0, 8)
        out = [
            ["LOG:  checkpoint starting: time"],
            ["LOG:  checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=%d.%03d s, sync=0.%03d s, total=%d.%03d s" % (self.num(1, 9999), self.num(1, 999) / 10, self.num(0, 9), self.num(0, 300), self.num(0, 999), self.num(0, 999), self.num(0, 300), self.num(0, 999))],
            ["ERROR:  duplicate key value violates unique constraint \"orders_pkey\"", "DETAIL:  Key (id)=(%d) already exists." % self.num(1, 10 ** 7), "STATEMENT:  INSERT INTO orders (id, sku, qty) VALUES ($1, $2, $3)"],
            ["LOG:  connection received: host=%s port=%d" % (self.ip4(), self.port())],
            ["LOG:  connection authorized: user=%s database=%s application_name=psql" % (self.pick(["app", "postgres", "replicator"]), self.pick(["appdb", "orders", "metrics"]))],
            ["FATAL:  password authentication failed for user \"%s\"" % self.pick(["postgres", "admin", "app"]), "DETAIL:  Connection matched pg_hba.conf line %d: \"host all all 0.0.0.0/0 scram-sha-256\"" % self.num(80, 120)],
            ["LOG:  duration: %d.%03d ms  statement: SELECT count(*) FROM events WHERE created_at > now() - interval '1 hour'" % (self.num(1, 9999), self.num(0, 999))],
            ["LOG:  automatic vacuum of table \"appdb.public.sessions\": index scans: 1"],
            ["WARNING:  there is no transaction in progress"],
        ][k]
        return ["%s [%d] %s%s" % (ts, p, who, m) for m in out]

    def mysql(self):
        t = self.tick()
        ts = t.strftime("%Y-%m-%dT%H:%M:%S") + "." + self.us() + "Z"
        k = self.num(0, 6)
        m = [
            "0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.%d) starting as process %d" % (self.num(30, 39), self.pid()),
            "%d [Warning] [MY-010055] [Server] IP address '%s' could not be resolved: Name or service not known" % (self.num(1, 9999), self.ip4()),
            "0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.%d'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL." % self.num(30, 39),
            "%d [Note] [MY-010914] [Server] Aborted connection %d to db: 'orders' user: 'app' host: '%s' (Got an error reading communication packets)." % (self.num(1, 9999), self.num(1, 99999), self.ip4()),
            "0 [Warning] [MY-011068] [Server] The syntax 'log_slave_updates' is deprecated and will be removed in a future release. Please use log_replica_updates instead.",
            "%d [Note] [MY-010559] [Repl] Multi-threaded replica statistics for channel '': seconds elapsed = %d; events assigned = %d; worker queues filled over overrun level = 0" % (self.num(1, 99), self.num(60, 600), self.num(1000, 10 ** 7)),
            "0 [ERROR] [MY-012592] [InnoDB] Operating system error number 2 in a file operation.",
        ][k]
        return ["%s %s" % (ts, m)]

    def redis(self):
        t = self.tick()
        ts = "%d %s %d %s.%s" % (t.day, MON[t.month - 1], t.year, t.strftime("%H:%M:%S"), self.ms())
        p = self.num(1, 9999)
        role = self.pick(["M", "M", "S", "C"])
        k = self.num(0, 7)
        m = [
            "* Background saving started by pid %d" % self.pid(),
            "* DB saved on disk",
            "* Background saving terminated with success",
            "* %d changes in %d seconds. Saving..." % (self.num(1, 10000), self.pick([60, 300, 900])),
            "# oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "# WARNING overcommit_memory is set to 0! Background save may fail under low memory condition.",
            "* Connecting to MASTER %s:6379" % self.ip4(),
            "* MASTER <-> REPLICA sync: Finished with success",
        ][k]
        return ["%d:%s %s %s" % (p, role, ts, m)]

    SOURCES = [("syslog", 8), ("sshd", 8), ("sudo", 3), ("cron", 3), ("kernel", 4), ("hdfs", 6), ("hadoop", 3),
               ("spark", 4), ("yarn", 3), ("zookeeper", 3), ("logcat", 6), ("cbs", 3), ("winevent", 3),
               ("access", 5), ("apache_error", 3), ("nginx", 4), ("openstack", 3), ("proxifier", 3), ("bgl", 4),
               ("hpc", 2), ("thunderbird", 3), ("macos", 3), ("java_trace", 3), ("py_trace", 2), ("kubelet", 4),
               ("postgres", 3), ("mysql", 2), ("redis", 2)]


def generate(seed=DEFAULT_SEED, lines=DEFAULT_LINES):
    g = Sys(seed)
    names = []
    for name, w in Sys.SOURCES:
        names += [name] * w
    out = []
    while len(out) < lines:
        src = g.pick(names)
        for _ in range(g.num(1, 6)):
            for text in getattr(g, src)():
                out.append(Line().add(text).record("clean", src))
    return out[:lines]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--lines", type=int, default=DEFAULT_LINES)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args(argv)
    recs = generate(a.seed, a.lines)
    if a.output == "-":
        for r in recs:
            sys.stdout.write(corpuslib.json.dumps(r, ensure_ascii=False) + "\n")
    else:
        corpuslib.write_jsonl(a.output, recs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
