// (b) no test library on the consumer's runtime class path
def deps = new File(basedir, 'target/runtime-dependencies.txt').text
def cp = new File(basedir, 'target/runtime-classpath.txt').text.trim()
def banned = ['org.junit', 'junit:junit', 'org.opentest4j', 'org.apiguardian', 'org.assertj', 'org.mockito', 'org.hamcrest']
banned.each { g -> assert !deps.contains(g) : "test library ${g} on the consumer's runtime class path:\n${deps}" }
['opentest4j', 'apiguardian', 'junit-jupiter', 'junit-platform'].each { n ->
  assert !cp.contains(n) : "test jar ${n} on the consumer's runtime class path"
}
// the CPU natives of this machine came through covid-xray-cpu
assert deps.contains('org.tensorflow:tensorflow-core-native:jar:linux-x86_64:') || !System.getProperty('os.arch').equals('amd64')
assert deps.contains('org.bytedeco:opencv:jar:linux-x86_64:') || !System.getProperty('os.arch').equals('amd64')
println "[consumer-cpu] runtime class path: ${cp.split(File.pathSeparator).length} jars, no test library"

// (a) run the quick start: README code, 1 epoch at 32x32 on synthetic images, random weights
def java = new File(System.getProperty('java.home'), 'bin/java').path
def classes = new File(basedir, 'target/classes').path
def data = new File(basedir, 'target/work/dataset').path
def pb = new ProcessBuilder(java, '-Xmx2g', '-cp', classes + File.pathSeparator + cp, 'consumer.QuickStart', data)
pb.directory(basedir).redirectErrorStream(true)
def proc = pb.start()
def out = new StringBuilder()
proc.inputStream.eachLine { line -> out.append(line).append('\n'); println "[consumer-cpu] " + line }
def rc = proc.waitFor()
new File(basedir, 'quickstart.log').text = out.toString()
assert rc == 0 : "the quick start exited with ${rc}"
assert out.contains('CONSUMER QUICK START OK')
return true
