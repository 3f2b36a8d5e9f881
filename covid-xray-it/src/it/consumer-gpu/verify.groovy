def tree = new File(basedir, 'tree.txt').text
println tree
assert tree.contains('org.tensorflow:tensorflow-core-native:jar:linux-x86_64-gpu:')
assert !tree.contains('org.tensorflow:tensorflow-core-native:jar:linux-x86_64:') : 'CPU TensorFlow natives beside the GPU ones'
assert tree.contains('org.bytedeco:opencv:jar:linux-x86_64:')
assert tree.contains('io.github.covidxray:covid-xray-core:jar:')
['org.junit', 'org.opentest4j', 'org.apiguardian'].each { assert !tree.contains(it) }
// only the graph was resolved: the GPU jar was not copied into the consumers' repository
def gpuJar = new File(localRepositoryPath, 'org/tensorflow/tensorflow-core-native/1.1.0/tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar')
assert !gpuJar.exists() : "dependency:tree fetched ${gpuJar}"
return true
