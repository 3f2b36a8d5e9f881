def tree = new File(basedir, 'tree.txt').text
println tree
['linux-x86_64', 'linux-arm64', 'macosx-arm64', 'windows-x86_64'].each { p ->
  assert tree.contains('org.tensorflow:tensorflow-core-native:jar:' + p + ':') : "TensorFlow natives for ${p}"
  assert tree.contains('org.bytedeco:opencv:jar:' + p + ':') : "OpenCV natives for ${p}"
  assert tree.contains('org.bytedeco:openblas:jar:' + p + ':') : "OpenBLAS natives for ${p}"
}
['org.junit', 'org.opentest4j', 'org.apiguardian'].each { assert !tree.contains(it) }
return true
